#!/usr/bin/env python3
"""Writes Corpus/: a small valid data set (base/) and one folder per validation rule whose
tables replace base's. CorpusTests.swift lists what each case must report. Run from this folder."""
import os
import shutil

T = "2024-01-01 08:00:00+00"
USER_H = ("id,username,email,password,first_name,last_name,user_type,role,phone,address,birthday,age,"
          "profile_picture,is_active_patient,is_archived,is_active,is_staff,is_superuser,created_at,last_login,"
          "date_joined")


def user(i, u, e, pw, first, last, typ, role='""', phone='""', bday="", age="", active="f", staff="f", sup="f"):
    return f'{i},{u},{e},{pw},{first},{last},{typ},{role},{phone},"",{bday},{age},,{active},f,t,{staff},{sup},{T},,{T}'


users = [
    user(1, "owner", "owner@clinic.ph", "!x", "Dorotheo", "Reyes", "owner", staff="t", sup="t"),
    user(2, "dr.santos", "santos@clinic.ph", "pbkdf2_sha256$870000$abc$def=", "Ana", "Santos", "staff", "dentist",
         staff="t"),
    user(3, "front.desk", "desk@clinic.ph", "!x", "Liza", "Cruz", "staff", "receptionist", staff="t"),
    user(4, "juan", "juan@example.ph", "!x", "Juan", "Dela Cruz", "patient", phone="+63 917 123 4567",
         bday="1990-05-01", age="35", active="t"),
    user(5, "maria", "maria@example.ph", "!x", "María", "Peñaflor", "patient", bday="1985-12-24", age="39",
         active="t"),
]


def pedro(**changes):
    """A sixth user, referenced by nothing, with one defect."""
    fields = dict(i=6, u="pedro", e="pedro@example.ph", pw="!x", first="Pedro", last="Ocampo", typ="patient")
    fields.update(changes)
    return user(**fields)


SVC_H = "id,name,category,description,image,created_at"
svcs = [f"1,Cleaning,preventive,Oral prophylaxis,,{T}", f'2,Extraction,oral_surgery,"Simple extraction, per tooth",,{T}']
APT_H = ("id,patient_id,dentist_id,service_id,date,time,status,notes,reschedule_date,reschedule_time,"
         "reschedule_service_id,reschedule_dentist_id,reschedule_notes,cancel_reason,cancel_requested_at,"
         "created_at,updated_at")
NO_RESCHEDULE = ',,,,"","",,'


def apt(i, p, d, s, date, time, status, rest=NO_RESCHEDULE):
    return f'{i},{p},{d},{s},{date},{time},{status},"",{rest}{T},{T}'


apts = [apt(1, 4, 2, 1, "2025-10-01", "09:00:00", "completed"), apt(2, 5, 2, 1, "2025-10-02", "10:00:00", "confirmed")]
BILL_H = "id,patient_id,appointment_id,amount,description,soa_file,status,paid,created_by_id,created_at,updated_at"


def bill(i, amount="150.00", status="paid", paid="t"):
    return f"{i},4,1,{amount},Cleaning,,{status},{paid},3,{T},{T}"


TC_H = "id,patient_id,chart_data,notes,updated_at"
TOK_H = "id,user_id,token,created_at,expires_at,is_used"
AV_H = "id,staff_id,day_of_week,is_available,start_time,end_time,created_at,updated_at"
IMG_H = "id,patient_id,image,notes,uploaded_by_id,is_latest,uploaded_at"
LOC_H = "id,name,address,phone,latitude,longitude"
PLAN_H = "id,patient_id,title,description,start_date,end_date,status,created_by_id,created_at"
INT_H = ("id,patient_id,allergies,current_medications,medical_conditions,previous_dental_treatments,"
         "emergency_contact_name,emergency_contact_phone,emergency_contact_relationship,insurance_provider,"
         "insurance_policy_number,dental_concerns,preferred_dentist,filled_by_id,created_at,updated_at")


def intake(i, p):
    return f'{i},{p},"","","","","","","","","","","",,{T},{T}'


def availability(i, day, available="t", end="17:00:00"):
    return f"{i},2,{day},{available},09:00:00,{end},{T},{T}"


def write(folder, table, header, rows):
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/{table}.csv", "wb") as f:
        f.write((header + "\n" + "".join(r + "\n" for r in rows)).encode("utf-8"))


cases = {
    "type_integer": ("api_user", USER_H, users + [pedro(age="thirty")]),
    "decimal_scale": ("api_billing", BILL_H, [bill(1), bill(2, "12.345")]),
    "decimal_precision": ("api_billing", BILL_H, [bill(1, "123456789.00")]),
    "type_date": ("api_appointment", APT_H, apts + [apt(3, 4, 2, 1, "2025-02-30", "09:00:00", "pending")]),
    "type_time": ("api_appointment", APT_H, apts + [apt(3, 4, 2, 1, "2025-03-01", "25:00:00", "pending")]),
    "type_timestamp": ("api_service", SVC_H, svcs + ["3,Whitening,all,Bleaching,,yesterday"]),
    "type_boolean": ("api_billing", BILL_H, [bill(1, paid="maybe")]),
    "json": ("api_toothchart", TC_H, [f'1,4,"{{""11"": {{""status"": }}}}","",{T}']),
    "field_count": ("api_service", SVC_H, svcs + ["3,Whitening,all"]),
    "not_null": ("api_appointment", APT_H, apts + [apt(3, 4, 2, 1, "", "09:00:00", "pending")]),
    "not_null_fk": ("api_appointment", APT_H, apts + [apt(3, "", 2, 1, "2025-03-01", "09:00:00", "pending")]),
    "required": ("api_service", SVC_H, svcs + [f'3,"",all,Bleaching,,{T}']),
    "max_length": ("api_user", USER_H, users + [pedro(phone="+63 917 123 4567 ext. 12")]),
    "max_length_unicode": ("api_service", SVC_H, svcs + [f"3,{'ñ' * 201},all,Too long in characters,,{T}"]),
    "choice": ("api_user", USER_H, users + [pedro(typ="admin")]),
    "choice_day_of_week": ("api_staffavailability", AV_H, [availability(1, 1), availability(2, 7)]),
    "unique_username": ("api_user", USER_H, users + [user(6, "juan", "juan2@example.ph", "!x", "Juan", "Sy", "patient")]),
    "unique_email": ("api_user", USER_H, users + [user(6, "juan2", "juan@example.ph", "!x", "Juan", "Sy", "patient")]),
    "unique_id": ("api_service", SVC_H, svcs + [f"2,Whitening,all,Bleaching,,{T}"]),
    "unique_token": ("api_passwordresettoken", TOK_H,
                     [f"1,4,abc123,{T},2024-01-01 09:00:00+00,f", f"2,5,abc123,{T},2024-01-01 09:00:00+00,f"]),
    "unique_toothchart": ("api_toothchart", TC_H, [f'1,4,{{}},"",{T}', f'2,4,{{}},"",{T}']),
    "unique_intake": ("api_patientintakeform", INT_H, [intake(1, 4), intake(2, 5), intake(3, 4)]),
    "unique_together": ("api_staffavailability", AV_H, [availability(1, 1), availability(2, 1, "f", "12:00:00")]),
    "foreign_key": ("api_appointment", APT_H, apts + [apt(3, 99, 2, 1, "2025-03-01", "09:00:00", "pending")]),
    "one_latest_image": ("api_teethimage", IMG_H, [f'1,4,teeth_images/a.jpg,"",2,t,{T}',
                                                   f'2,5,teeth_images/b.jpg,"",2,t,{T}',
                                                   f'3,4,teeth_images/c.jpg,"",2,t,{T}']),
    "range_latitude": ("api_cliniclocation", LOC_H, ["1,Main,Manila,+63 2 8523 4567,14.572314,120.988112",
                                                     "2,North,Baguio,+63 74 000 0000,91.000000,120.000000"]),
    "range_longitude": ("api_cliniclocation", LOC_H, ["1,Main,Manila,+63 2 8523 4567,14.572314,-180.000001"]),
    "email": ("api_user", USER_H, users + [pedro(e="maria at example.ph")]),
    "password_hash": ("api_user", USER_H, users + [pedro(pw="hunter2")]),
    "warn_reschedule": ("api_appointment", APT_H, apts + [apt(3, 4, 2, 1, "2025-03-01", "09:00:00",
                                                              "reschedule_requested", '2025-03-08,,,,"","",,')]),
    "warn_cancel": ("api_appointment", APT_H, apts + [apt(3, 4, 2, 1, "2025-03-01", "09:00:00", "cancel_requested")]),
    "warn_paid_flag": ("api_billing", BILL_H, [bill(1), bill(2, status="pending", paid="t")]),
    "warn_dentist_role": ("api_appointment", APT_H, apts + [apt(3, 4, 3, 1, "2025-03-01", "09:00:00", "pending")]),
    "warn_patient_kind": ("api_appointment", APT_H, apts + [apt(3, 2, 2, 1, "2025-03-01", "09:00:00", "pending")]),
    "warn_plan_dates": ("api_treatmentplan", PLAN_H, [f"1,4,Braces,Monthly adjustments,2025-01-10,2024-12-31,ongoing,2,{T}"]),
    "warn_token_dates": ("api_passwordresettoken", TOK_H, [f"1,4,abc123,{T},2023-12-31 23:00:00+00,f"]),
}

shutil.rmtree("Corpus", ignore_errors=True)
write("Corpus/base", "api_user", USER_H, users)
write("Corpus/base", "api_service", SVC_H, svcs)
write("Corpus/base", "api_appointment", APT_H, apts)
for name, (table, header, rows) in cases.items():
    write(f"Corpus/{name}", table, header, rows)
os.makedirs("Corpus/encoding")
with open("Corpus/encoding/api_service.csv", "wb") as f:
    f.write((SVC_H + "\n" + svcs[0] + "\n").encode() + b"3,Whitening,all,Pa\xf1o,," + T.encode() + b"\n")
