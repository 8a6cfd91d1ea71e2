"""The clinic app's models, field by field as spec/DATABASE_SCHEMA.md lists them.

File fields are FileField (the same varchar(100) column as ImageField, without needing Pillow).
"""
import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    USER_TYPES = [("patient", "Patient"), ("staff", "Staff"), ("owner", "Owner")]
    ROLES = [("", "None"), ("receptionist", "Receptionist"), ("dentist", "Dentist")]

    email = models.EmailField(unique=True)
    user_type = models.CharField(max_length=20, choices=USER_TYPES, default="patient")
    role = models.CharField(max_length=20, choices=ROLES, blank=True, default="")
    phone = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    birthday = models.DateField(null=True, blank=True)
    age = models.IntegerField(null=True, blank=True)
    profile_picture = models.FileField(upload_to="profiles/", null=True, blank=True)
    is_active_patient = models.BooleanField(default=True)
    is_archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)


class Service(models.Model):
    CATEGORIES = [
        ("all", "All Services"),
        ("orthodontics", "Orthodontics"),
        ("restorations", "Restorations"),
        ("xrays", "X-Rays"),
        ("oral_surgery", "Oral Surgery"),
        ("preventive", "Preventive Care"),
    ]

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=50, choices=CATEGORIES, default="all")
    description = models.TextField()
    image = models.FileField(upload_to="services/", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Appointment(models.Model):
    STATUSES = [
        ("pending", "Pending"),
        ("confirmed", "Confirmed"),
        ("cancelled", "Cancelled"),
        ("completed", "Completed"),
        ("missed", "Missed"),
        ("reschedule_requested", "Reschedule Requested"),
        ("cancel_requested", "Cancel Requested"),
    ]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="appointments")
    dentist = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="dentist_appointments"
    )
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True)
    date = models.DateField()
    time = models.TimeField()
    status = models.CharField(max_length=25, choices=STATUSES, default="confirmed")
    notes = models.TextField(blank=True)
    reschedule_date = models.DateField(null=True, blank=True)
    reschedule_time = models.TimeField(null=True, blank=True)
    reschedule_service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="reschedule_appointments"
    )
    reschedule_dentist = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="reschedule_appointments"
    )
    reschedule_notes = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-time"]


class ToothChart(models.Model):
    patient = models.OneToOneField(User, on_delete=models.CASCADE, related_name="tooth_chart")
    chart_data = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class DentalRecord(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="dental_records")
    appointment = models.ForeignKey(Appointment, on_delete=models.SET_NULL, null=True, blank=True)
    treatment = models.TextField()
    diagnosis = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="created_dental_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Document(models.Model):
    TYPES = [("xray", "X-Ray"), ("scan", "Tooth Scan"), ("report", "Report"), ("other", "Other")]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(max_length=20, choices=TYPES)
    file = models.FileField(upload_to="documents/")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="uploaded_documents"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]


class InventoryItem(models.Model):
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=100)
    quantity = models.IntegerField(default=0)
    min_stock = models.IntegerField(default=10)
    supplier = models.CharField(max_length=200, blank=True)
    cost = models.DecimalField(max_digits=10, decimal_places=2, default=0.00)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def is_low_stock(self):
        return self.quantity <= self.min_stock


class Billing(models.Model):
    STATUSES = [("pending", "Pending"), ("paid", "Paid"), ("cancelled", "Cancelled")]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="billings")
    appointment = models.ForeignKey(Appointment, on_delete=models.SET_NULL, null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    description = models.TextField()
    soa_file = models.FileField(upload_to="billing/", null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="pending")
    paid = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="created_billings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class ClinicLocation(models.Model):
    name = models.CharField(max_length=200)
    address = models.TextField()
    phone = models.CharField(max_length=20)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)


class TreatmentPlan(models.Model):
    STATUSES = [("planned", "Planned"), ("ongoing", "Ongoing"), ("completed", "Completed")]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="treatment_plans")
    title = models.CharField(max_length=200)
    description = models.TextField()
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="planned")
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="created_treatment_plans"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class TeethImage(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="teeth_images")
    image = models.FileField(upload_to="teeth_images/")
    notes = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="uploaded_teeth_images"
    )
    is_latest = models.BooleanField(default=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def save(self, *args, **kwargs):
        # The spec: a new latest image makes the patient's other images not latest.
        if self.is_latest:
            TeethImage.objects.filter(patient=self.patient, is_latest=True).exclude(pk=self.pk).update(
                is_latest=False
            )
        super().save(*args, **kwargs)


class StaffAvailability(models.Model):
    DAYS = [
        (0, "Sunday"),
        (1, "Monday"),
        (2, "Tuesday"),
        (3, "Wednesday"),
        (4, "Thursday"),
        (5, "Friday"),
        (6, "Saturday"),
    ]

    staff = models.ForeignKey(User, on_delete=models.CASCADE, related_name="availability")
    day_of_week = models.IntegerField(choices=DAYS)
    is_available = models.BooleanField(default=True)
    start_time = models.TimeField(default=datetime.time(9, 0))
    end_time = models.TimeField(default=datetime.time(17, 0))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = ["staff", "day_of_week"]
        ordering = ["day_of_week"]


NOTIFICATION_TYPES = [
    ("new_appointment", "New Appointment"),
    ("reschedule_request", "Reschedule Request"),
    ("cancel_request", "Cancel Request"),
    ("appointment_cancelled", "Appointment Cancelled"),
]


class AppointmentNotification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="notifications")
    notification_type = models.CharField(max_length=30, choices=NOTIFICATION_TYPES)
    message = models.TextField()
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class DentistNotification(models.Model):
    """Deprecated; kept for backward compatibility (use AppointmentNotification)."""

    dentist = models.ForeignKey(User, on_delete=models.CASCADE, related_name="dentist_notifications")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="dentist_notifications"
    )
    notification_type = models.CharField(max_length=30, choices=NOTIFICATION_TYPES)
    message = models.TextField()
    is_read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class PasswordResetToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_tokens")
    token = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    is_used = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def is_valid(self):
        from django.utils import timezone

        return not self.is_used and timezone.now() < self.expires_at


class PatientIntakeForm(models.Model):
    patient = models.OneToOneField(User, on_delete=models.CASCADE, related_name="intake_form")
    allergies = models.TextField(blank=True)
    current_medications = models.TextField(blank=True)
    medical_conditions = models.TextField(blank=True)
    previous_dental_treatments = models.TextField(blank=True)
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = models.CharField(max_length=20, blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    insurance_provider = models.CharField(max_length=200, blank=True)
    insurance_policy_number = models.CharField(max_length=100, blank=True)
    dental_concerns = models.TextField(blank=True)
    preferred_dentist = models.CharField(max_length=200, blank=True)
    filled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="filled_intake_forms"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


class FileAttachment(models.Model):
    TYPES = [
        ("xray", "X-Ray"),
        ("photo", "Photo"),
        ("document", "Document"),
        ("report", "Report"),
        ("other", "Other"),
    ]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="file_attachments")
    file = models.FileField(upload_to="patient_files/%Y/%m/%d/")
    file_type = models.CharField(max_length=20, choices=TYPES, default="document")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file_size = models.IntegerField(default=0)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="uploaded_file_attachments"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def get_file_extension(self):
        import os

        return os.path.splitext(self.file.name)[1]


class ClinicalNote(models.Model):
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="clinical_notes")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="clinical_notes"
    )
    content = models.TextField()
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="authored_clinical_notes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class TreatmentAssignment(models.Model):
    STATUSES = [
        ("scheduled", "Scheduled"),
        ("ongoing", "Ongoing"),
        ("completed", "Completed"),
        ("cancelled", "Cancelled"),
    ]

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="treatment_assignments")
    treatment_plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    treatment_name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="scheduled")
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="assigned_treatments"
    )
    assigned_dentist = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="dentist_treatments"
    )
    date_assigned = models.DateTimeField(auto_now_add=True)
    scheduled_date = models.DateField(null=True, blank=True)
    completed_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date_assigned"]
