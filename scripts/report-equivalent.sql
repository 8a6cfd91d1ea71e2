-- The monthly report's figures as plain aggregate SQL, for scripts/bench.sh to time beside
-- `clinic-etl report`. Month 2025-10 in Asia/Manila.
\set tz '''Asia/Manila'''
\o /dev/null
-- billing totals per month from the same month last year: the months compared and the 12-month trend
SELECT width_bucket(created_at, '{"2024-09-30 16:00+00","2024-10-31 16:00+00","2024-11-30 16:00+00","2024-12-31 16:00+00","2025-01-31 16:00+00","2025-02-28 16:00+00","2025-03-31 16:00+00","2025-04-30 16:00+00","2025-05-31 16:00+00","2025-06-30 16:00+00","2025-07-31 16:00+00","2025-08-31 16:00+00","2025-09-30 16:00+00"}'::timestamptz[]),
       status, count(*), sum(amount) FROM api_billing
WHERE created_at >= '2024-09-30 16:00+00' AND created_at < '2025-10-31 16:00+00'
GROUP BY 1, 2;
-- per day, per service and per dentist
SELECT (b.created_at AT TIME ZONE :tz)::date, b.status, a.service_id, a.dentist_id, count(*), sum(b.amount)
FROM api_billing AS b LEFT JOIN api_appointment AS a ON a.id = b.appointment_id
WHERE b.created_at >= '2025-09-30 16:00+00' AND b.created_at < '2025-10-31 16:00+00'
GROUP BY 1, 2, 3, 4;
-- receivables aging and balances per patient at month end
SELECT (created_at AT TIME ZONE :tz)::date, count(*), sum(amount) FROM api_billing
WHERE status = 'pending' AND created_at < '2025-10-31 16:00+00' GROUP BY 1;
SELECT patient_id, count(*), sum(amount) FROM api_billing
WHERE status = 'pending' AND created_at < '2025-10-31 16:00+00' GROUP BY 1 ORDER BY 3 DESC LIMIT 10;
-- appointments by day and status over the trend's 12 months; for October by dentist, service,
-- weekday × hour, and lead time
SELECT d, recent, status, dentist_id, service_id, dow, hour, sum(n), sum(lead), sum(leads)
FROM (SELECT date AS d, date >= '2025-10-01' AS recent, status,
             CASE WHEN date >= '2025-10-01' THEN dentist_id END AS dentist_id,
             CASE WHEN date >= '2025-10-01' THEN service_id END AS service_id,
             CASE WHEN date >= '2025-10-01' THEN extract(dow FROM date)::int END AS dow,
             CASE WHEN date >= '2025-10-01' THEN extract(hour FROM time)::int END AS hour, count(*) AS n,
             sum(CASE WHEN date >= '2025-10-01' THEN date - (created_at AT TIME ZONE :tz)::date END) AS lead,
             count(CASE WHEN date >= '2025-10-01' THEN created_at END) AS leads
      FROM api_appointment WHERE date BETWEEN '2024-11-01' AND '2025-10-31' GROUP BY 1, 2, 3, 4, 5, 6, 7) AS a
GROUP BY GROUPING SETS ((d, status), (recent, dentist_id, status), (recent, service_id, status), (recent, dow, hour), (recent));
-- new patients per month of the trend, open requests
SELECT to_char(first, 'YYYY-MM'), count(*) FROM
  (SELECT min(date) AS first FROM api_appointment GROUP BY patient_id) AS f
WHERE first BETWEEN '2024-11-01' AND '2025-10-31' GROUP BY 1;
SELECT id, patient_id, status, date, count(*) OVER () FROM api_appointment
WHERE status IN ('reschedule_requested', 'cancel_requested')
  AND coalesce(CASE WHEN status = 'cancel_requested' THEN cancel_requested_at END, updated_at) < '2025-10-31 16:00+00'
ORDER BY date, id LIMIT 200;
-- availability and the inventory snapshot
SELECT staff_id, day_of_week, sum(end_time - start_time) FROM api_staffavailability WHERE is_available GROUP BY 1, 2;
SELECT category, count(*), sum(quantity), sum(greatest(quantity, 0) * cost) FROM api_inventoryitem GROUP BY 1;
SELECT * FROM api_inventoryitem WHERE quantity <= min_stock ORDER BY supplier, min_stock - quantity DESC;
SELECT id, first_name, last_name FROM api_user;
