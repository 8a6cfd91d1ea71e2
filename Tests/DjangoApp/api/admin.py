from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import models

admin.site.register(models.User, UserAdmin)
for model in [
    models.Service, models.Appointment, models.ToothChart, models.DentalRecord, models.Document,
    models.InventoryItem, models.Billing, models.ClinicLocation, models.TreatmentPlan,
    models.TeethImage, models.StaffAvailability, models.AppointmentNotification,
    models.DentistNotification, models.PasswordResetToken, models.PatientIntakeForm,
    models.FileAttachment, models.ClinicalNote, models.TreatmentAssignment,
]:
    admin.site.register(model)
