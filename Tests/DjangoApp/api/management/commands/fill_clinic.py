"""Fills a freshly migrated database through the ORM with everything Django accepts.

Deterministic: the same rows, ids, timestamps and hashes on every run (a fixed Random, fixed
times written after save because auto_now fields overwrite them, a session signed at a fixed time).
What the ORM stores but full_clean() would refuse is here on purpose: '' in required text, an
owner who is the dentist, a token-less and a password-less user, Unicode, cents, microseconds
around midnight, NULL beside ''.
"""
import datetime
import random
from decimal import Decimal
from unittest import mock

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from api import models

UTC = datetime.timezone.utc
BASE = datetime.datetime(2025, 10, 1, 0, 0, 0, tzinfo=UTC)

# Instants on both sides of midnight, in UTC and in Manila (UTC+8: 16:00 UTC is its midnight).
EDGE_TIMES = [
    datetime.datetime(2025, 10, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime.datetime(2025, 11, 1, 0, 0, 0, 0, tzinfo=UTC),
    datetime.datetime(2025, 10, 31, 15, 59, 59, 999999, tzinfo=UTC),
    datetime.datetime(2025, 10, 31, 16, 0, 0, 1, tzinfo=UTC),
    datetime.datetime(2024, 2, 29, 12, 0, 0, 500000, tzinfo=UTC),
]

FIRST_NAMES = ["José", "Ñoño", "Zoë", "María Clara", "王芳", "Łukasz", "Ana", "O'Brien", "Renée", "Sam"]
LAST_NAMES = ["Dela Cruz", "Santos", "Müller", "Reyes", "García-López", "Nguyễn", "Smith", "D'Souza"]
# Text Django stores as typed: quotes, commas, newlines, tabs, backslashes, spaces at the ends, emoji.
ODD_TEXT = [
    'Says "it hurts", mostly at night',
    "line one\nline two\r\nline three",
    "tab\tseparated\tnotes",
    "back\\slash and 100% sure",
    "  leading and trailing spaces  ",
    "emoji 🦷😬 and accents: açaí, crème brûlée",
    "<b>not html</b> & ampersand ]]> cdata end",
    "comma, at, every, word,",
    "\\N is not NULL here",
    "",
]


class Command(BaseCommand):
    help = "Fill a migrated, empty database with a small deterministic clinic (a few hundred rows)."

    def handle(self, *args, **options):
        if models.User.objects.exists():
            raise CommandError("the database already holds users; fill_clinic fills an empty, migrated one")
        with transaction.atomic():
            Filler(random.Random(14)).fill()
        counts = {m._meta.db_table: m.objects.count() for m in self.all_models()}
        self.stdout.write(" ".join(f"{table}={n}" for table, n in sorted(counts.items())))

    @staticmethod
    def all_models():
        from django.apps import apps

        return [m for m in apps.get_models() if m._meta.managed]


def at(days, hours=0, minutes=0, seconds=0, micro=0):
    return BASE + datetime.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds, microseconds=micro)


def stamp(obj, **fields):
    """Sets auto_now / auto_now_add columns, which save() overwrites, with an UPDATE."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


class Filler:
    def __init__(self, rng):
        self.rng = rng
        # One hash for everyone: PBKDF2 at Django's iteration count takes a while per call.
        self.password = make_password("clinic-test-password", salt="clinicetlfixedsalt0001")

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def when(self, index):
        if index % 7 == 0:
            return EDGE_TIMES[(index // 7) % len(EDGE_TIMES)]
        return at(index % 60, self.rng.randrange(24), self.rng.randrange(60), self.rng.randrange(60),
                  self.rng.randrange(1000000))

    def fill(self):
        self.users()
        self.groups_and_permissions()
        self.services_and_locations()
        self.appointments()
        self.records()
        self.patient_files()
        self.schedules()
        self.notifications()
        self.system_rows()

    # Users: an owner who treats patients, two dentists, a receptionist, patients.
    def user(self, username, email, index, **fields):
        user = models.User.objects.create(
            username=username, email=email, password=fields.pop("password", self.password), **fields
        )
        stamp(user, created_at=self.when(index), date_joined=self.when(index + 1))
        return user

    def users(self):
        self.owner = self.user(
            "owner", "owner@dorotheo.example", 0, first_name="Dorotheo", last_name="Dela Cruz",
            user_type="owner", role="dentist", is_staff=True, is_superuser=True, phone="+63 917 000 0000",
            address="1 Rizal Ave.\nManila", last_login=EDGE_TIMES[0],
        )
        self.dentists = [
            self.user(
                f"dentist{i}", f"dentist{i}@dorotheo.example", 10 + i, first_name=FIRST_NAMES[i],
                last_name=LAST_NAMES[i], user_type="staff", role="dentist", is_staff=True,
                last_login=self.when(20 + i) if i else None,
            )
            for i in range(1, 3)
        ]
        self.receptionist = self.user(
            "frontdesk", "front.desk@dorotheo.example", 30, first_name="Ana", last_name="Reyes",
            user_type="staff", role="receptionist", is_staff=True,
        )
        # A staff member with no role yet, and one account that cannot log in.
        self.user("newhire", "newhire@dorotheo.example", 31, user_type="staff", role="")
        self.user("disabled", "disabled@dorotheo.example", 32, user_type="staff", is_active=False,
                  password="!unusableFixedPasswordMarker0000000000000")
        self.patients = []
        for i in range(24):
            birthday = datetime.date(1950 + i * 3 % 70, 1 + i % 12, 1 + i % 28) if i % 4 else None
            self.patients.append(
                self.user(
                    f"patient{i:02d}", f"patient{i:02d}+ñ@mail.example" if i % 5 == 0 else f"p{i}@mail.example",
                    40 + i, first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[i % len(LAST_NAMES)] if i % 6 else "",
                    user_type="patient", phone="" if i % 3 == 0 else f"0917{i:07d}",
                    address=ODD_TEXT[i % len(ODD_TEXT)], birthday=birthday,
                    age=(2025 - birthday.year) if birthday else None,
                    profile_picture=f"profiles/patient{i:02d}.jpg" if i % 2 else None,
                    is_active_patient=i % 9 != 0, is_archived=i % 11 == 0,
                    last_login=self.when(100 + i) if i % 2 else None,
                )
            )
        # The empty file name (blank, not NULL): what a cleared ImageField stores.
        models.User.objects.filter(pk=self.patients[3].pk).update(profile_picture="")

    def groups_and_permissions(self):
        perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="api")}
        dentists = Group.objects.create(name="Dentists")
        dentists.permissions.set(
            [perms[c] for c in ["add_dentalrecord", "change_dentalrecord", "view_dentalrecord",
                                "add_clinicalnote", "view_appointment", "change_appointment"]]
        )
        front = Group.objects.create(name="Front desk — recepción")
        front.permissions.set(
            [perms[c] for c in ["add_appointment", "change_appointment", "view_appointment",
                                "add_billing", "view_billing", "change_billing"]]
        )
        Group.objects.create(name="Empty group")
        for dentist in self.dentists:
            dentist.groups.add(dentists)
        self.owner.groups.add(dentists, front)
        self.receptionist.groups.add(front)
        self.receptionist.user_permissions.add(perms["view_inventoryitem"], perms["change_inventoryitem"])
        self.dentists[0].user_permissions.add(perms["delete_teethimage"])

    def services_and_locations(self):
        self.services = []
        names = [("Cleaning", "preventive"), ("Braces consult", "orthodontics"), ("Filling", "restorations"),
                 ("Panoramic X-ray", "xrays"), ("Wisdom tooth extraction", "oral_surgery"), ("Check-up", "all")]
        for i, (name, category) in enumerate(names):
            service = models.Service.objects.create(
                name=name, category=category, description="" if i == 2 else ODD_TEXT[i],
                image=f"services/{category}.png" if i % 2 else None,
            )
            stamp(service, created_at=self.when(200 + i))
            self.services.append(service)
        models.ClinicLocation.objects.create(
            name="Main clinic", address="1 Rizal Ave., Ermita\nManila 1000", phone="(02) 8123 4567",
            latitude=Decimal("14.599512"), longitude=Decimal("120.984222"),
        )
        models.ClinicLocation.objects.create(name="Satellite — Cebu", address="Osmeña Blvd.", phone="",
                                             latitude=Decimal("-89.999999"), longitude=Decimal("-179.999999"))
        models.ClinicLocation.objects.create(name="Pop-up", address="", phone="n/a")
        for i in range(12):
            item = models.InventoryItem.objects.create(
                name=f"Item {i} — {['gloves', 'masks', 'composite', 'floss'][i % 4]}",
                category=["consumables", "materials", "PPE"][i % 3], quantity=[0, 5, 10, 250][i % 4],
                min_stock=[10, 10, 0, 50][i % 4], supplier="" if i % 5 == 0 else f"Supplier {i % 3}",
                cost=[Decimal("0.00"), Decimal("0.01"), Decimal("12.50"), Decimal("99999999.99")][i % 4],
            )
            stamp(item, updated_at=self.when(300 + i))

    def appointments(self):
        self.appointments = []
        statuses = [s for s, _ in models.Appointment.STATUSES]
        staff = [self.owner] + self.dentists
        for i in range(60):
            status = statuses[i % len(statuses)]
            when = self.when(400 + i)
            fields = dict(
                patient=self.patients[i % len(self.patients)],
                dentist=None if i % 10 == 9 else staff[i % 3],
                service=None if i % 8 == 7 else self.services[i % len(self.services)],
                date=(when + datetime.timedelta(days=3)).date(),
                time=[datetime.time(0, 0), datetime.time(9, 30), datetime.time(23, 59, 59),
                      datetime.time(13, 15, 0, 250000)][i % 4],
                status=status, notes=ODD_TEXT[i % len(ODD_TEXT)],
            )
            if status == "reschedule_requested":
                fields.update(reschedule_date=fields["date"] + datetime.timedelta(days=7),
                              reschedule_time=datetime.time(10, 0), reschedule_service=self.services[0],
                              reschedule_dentist=staff[(i + 1) % 3], reschedule_notes="Can we move it? ¿Sí?")
            if status == "cancel_requested":
                fields.update(cancel_reason="Out of town — fuera", cancel_requested_at=when)
            appointment = models.Appointment.objects.create(**fields)
            stamp(appointment, created_at=when, updated_at=when + datetime.timedelta(hours=1, microseconds=1))
            self.appointments.append(appointment)

    def records(self):
        amounts = [Decimal("1500.50"), Decimal("0.01"), Decimal("99999999.99"), Decimal("750.00"),
                   Decimal("-250.25"), Decimal("0.00")]
        for i, appointment in enumerate(self.appointments[:40]):
            patient = appointment.patient
            record = models.DentalRecord.objects.create(
                patient=patient, appointment=appointment if i % 4 else None,
                treatment="" if i % 9 == 0 else f"Treatment {i}: {ODD_TEXT[i % len(ODD_TEXT)]}",
                diagnosis=ODD_TEXT[(i + 3) % len(ODD_TEXT)], notes="",
                created_by=None if i % 7 == 0 else appointment.dentist or self.owner,
            )
            stamp(record, created_at=self.when(500 + i))
            status = ["pending", "paid", "cancelled"][i % 3]
            bill = models.Billing.objects.create(
                patient=patient, appointment=appointment if i % 5 else None, amount=amounts[i % len(amounts)],
                description="" if i % 8 == 0 else f"Bill {i} — ₱ {amounts[i % len(amounts)]}",
                soa_file=f"billing/soa-{i}.pdf" if i % 3 == 1 else None, status=status,
                paid=status == "paid" if i % 10 else not (status == "paid"),
                created_by=None if i % 6 == 0 else self.receptionist,
            )
            when = self.when(600 + i)
            stamp(bill, created_at=when, updated_at=when)
            note = models.ClinicalNote.objects.create(
                patient=patient, appointment=appointment if i % 2 else None,
                content="" if i % 10 == 0 else ODD_TEXT[(i + 5) % len(ODD_TEXT)] or "ok",
                author=None if i % 11 == 0 else self.dentists[i % 2],
            )
            stamp(note, created_at=self.when(700 + i), updated_at=self.when(701 + i))
        for i, patient in enumerate(self.patients[:12]):
            plan = models.TreatmentPlan.objects.create(
                patient=patient, title="" if i == 4 else f"Plan {i}: braces ✓",
                description=ODD_TEXT[i % len(ODD_TEXT)], start_date=datetime.date(2025, 1 + i % 12, 28),
                end_date=None if i % 3 == 0 else datetime.date(2026, 1 + i % 12, 1),
                status=["planned", "ongoing", "completed"][i % 3],
                created_by=self.owner if i % 2 else None,
            )
            stamp(plan, created_at=self.when(800 + i))
            for j in range(2):
                assignment = models.TreatmentAssignment.objects.create(
                    patient=patient, treatment_plan=plan if j == 0 else None,
                    treatment_name=f"Step {j + 1} — {['scaling', 'filling', 'crown'][(i + j) % 3]}",
                    description=ODD_TEXT[(i + j) % len(ODD_TEXT)],
                    status=["scheduled", "ongoing", "completed", "cancelled"][(i + j) % 4],
                    assigned_by=self.receptionist if j else None,
                    assigned_dentist=self.owner if (i + j) % 3 == 0 else self.dentists[j],
                    scheduled_date=datetime.date(2025, 12, 1 + i) if j == 0 else None,
                    completed_date=datetime.date(2025, 12, 31) if (i + j) % 4 == 2 else None,
                    notes=ODD_TEXT[(i + 2 * j) % len(ODD_TEXT)],
                )
                stamp(assignment, date_assigned=self.when(900 + 2 * i + j))

    def patient_files(self):
        for i, patient in enumerate(self.patients[:16]):
            chart = models.ToothChart.objects.create(
                patient=patient,
                chart_data={} if i % 4 == 0 else {
                    "teeth": {str(t): {"status": ["ok", "filled", "missing"][(t + i) % 3]} for t in range(11, 15)},
                    "note": "Zahn → ü", "decimal": 1.5, "list": [1, None, True, "x"],
                },
                notes=ODD_TEXT[i % len(ODD_TEXT)],
            )
            stamp(chart, updated_at=self.when(1000 + i))
            doc = models.Document.objects.create(
                patient=patient, document_type=["xray", "scan", "report", "other"][i % 4],
                file=f"documents/{patient.username}-{i}.pdf", title=f"Document {i} — ñ",
                description=ODD_TEXT[(i + 1) % len(ODD_TEXT)], uploaded_by=None if i % 5 == 0 else self.receptionist,
            )
            stamp(doc, uploaded_at=self.when(1100 + i))
            for j in range(2):
                image = models.TeethImage.objects.create(
                    patient=patient, image=f"teeth_images/{patient.username}-{j}.jpg",
                    notes=ODD_TEXT[(i + j) % len(ODD_TEXT)], uploaded_by=self.dentists[j] if i % 3 else None,
                    is_latest=True,
                )
                stamp(image, uploaded_at=self.when(1200 + 2 * i + j))
            attachment = models.FileAttachment.objects.create(
                patient=patient, file=f"patient_files/2025/10/{1 + i:02d}/scan {i}.png",
                file_type=["xray", "photo", "document", "report", "other"][i % 5], title=f"Attachment {i}",
                description=ODD_TEXT[i % len(ODD_TEXT)], file_size=[0, 1, 2147483647, 52_428_800][i % 4],
                uploaded_by=self.owner if i % 2 else None,
            )
            stamp(attachment, uploaded_at=self.when(1300 + i))
            if i % 2 == 0:
                form = models.PatientIntakeForm.objects.create(
                    patient=patient, allergies="Penicillin, latex" if i % 4 else "",
                    current_medications=ODD_TEXT[i % len(ODD_TEXT)], medical_conditions="",
                    previous_dental_treatments="Root canal (2019)\nCrown (2021)",
                    emergency_contact_name=f"{FIRST_NAMES[i % 10]} {LAST_NAMES[i % 8]}",
                    emergency_contact_phone="" if i % 3 else "+63 2 8888 8888",
                    emergency_contact_relationship=["mother", "spouse", ""][i % 3],
                    insurance_provider="" if i % 4 else "PhilHealth", insurance_policy_number=f"PH-{i:08d}",
                    dental_concerns=ODD_TEXT[(i + 4) % len(ODD_TEXT)],
                    preferred_dentist="Dr. Dela Cruz" if i % 3 else "",
                    filled_by=self.receptionist if i % 4 else None,
                )
                stamp(form, created_at=self.when(1400 + i), updated_at=self.when(1401 + i))

    def schedules(self):
        for person in [self.owner] + self.dentists + [self.receptionist]:
            for day in range(7):
                if (day + person.pk) % 3 == 0:
                    continue
                slot = models.StaffAvailability.objects.create(
                    staff=person, day_of_week=day, is_available=day not in (0, 6),
                    start_time=datetime.time(8 + day % 2, 30 * (day % 2)),
                    end_time=datetime.time(23, 59, 59, 999999) if day == 5 else datetime.time(17, 0),
                )
                stamp(slot, created_at=self.when(1500 + day), updated_at=self.when(1510 + day))
        for i, user in enumerate(self.patients[:6] + [self.owner]):
            created = self.when(1600 + i)
            token = models.PasswordResetToken.objects.create(
                user=user, token=f"reset-{i:02d}-{'ab' * 20}", expires_at=created + datetime.timedelta(hours=1),
                is_used=i % 2 == 1,
            )
            stamp(token, created_at=created)

    def notifications(self):
        kinds = [k for k, _ in models.NOTIFICATION_TYPES]
        for i, appointment in enumerate(self.appointments[:30]):
            note = models.AppointmentNotification.objects.create(
                recipient=self.owner if i % 2 else self.receptionist, appointment=appointment,
                notification_type=kinds[i % 4], message="" if i % 7 == 0 else f"Appointment {appointment.pk}: {kinds[i % 4]} ✉",
                is_read=i % 3 == 0,
            )
            stamp(note, created_at=self.when(1700 + i))
            if appointment.dentist_id and i % 2 == 0:
                legacy = models.DentistNotification.objects.create(
                    dentist=appointment.dentist, appointment=appointment, notification_type=kinds[i % 4],
                    message="" if i % 4 == 0 else f"Legacy: {appointment.pk}", is_read=i % 4 == 2,
                )
                stamp(legacy, created_at=self.when(1800 + i))

    def system_rows(self):
        # Tokens with fixed keys (Token.save() would make a random one).
        for i, user in enumerate([self.owner, self.receptionist] + self.dentists + self.patients[:3]):
            Token.objects.create(user=user, key=f"{i:02x}" + "0123456789abcdef0123456789abcdef012345"[: 38])
            Token.objects.filter(user=user).update(created=self.when(1900 + i))
        # The admin's audit trail, as the admin writes it: action flags, JSON change messages.
        user_type = ContentType.objects.get_for_model(models.User)
        billing_type = ContentType.objects.get_for_model(models.Billing)
        entries = [
            (self.owner, user_type, str(self.patients[0].pk), str(self.patients[0]), ADDITION, '[{"added": {}}]'),
            (self.owner, billing_type, "1", "Billing object (1)", CHANGE,
             '[{"changed": {"fields": ["Status", "Paid"]}}]'),
            (self.receptionist, billing_type, "999", "Billing object (999) — gelöscht", DELETION, ""),
            (self.owner, None, None, "no content type", CHANGE, "free text message, not JSON"),
        ]
        for i, (user, content_type, object_id, text, flag, message) in enumerate(entries):
            LogEntry.objects.create(
                user=user, content_type=content_type, object_id=object_id, object_repr=text,
                action_flag=flag, change_message=message, action_time=self.when(2000 + i),
            )
        # Sessions as the session backend encodes them, signed at a fixed time.
        with mock.patch("django.core.signing.time.time", return_value=1761955200):
            for i, user in enumerate([self.owner, self.receptionist]):
                data = SessionStore().encode({"_auth_user_id": str(user.pk), "cart": ["ñ", i]})
                Session.objects.create(session_key=f"{i:02d}session{'k' * 22}", session_data=data,
                                       expire_date=EDGE_TIMES[i] + datetime.timedelta(days=14))
