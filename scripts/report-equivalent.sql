-- The monthly report's figures as plain aggregate SQL, for scripts/bench.sh to time beside
-- `clinic-etl report`. Month 2025-10 in Asia/Manila.
\set tz '''Asia/Manila'''
\o /dev/null
-- billing totals per month from the same month last year: the months compared and the 12-month trend
SELECT to_char((created_at AT TIME ZONE :tz)::date, 'YYYY-MM'), status, count(*), sum(amount) FROM api_billing
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
-- appointments by month and status (trend), and by dentist, service, weekday × hour, lead time
SELECT to_char(date, 'YYYY-MM'), date >= '2025-10-01', status, dentist_id, service_id, extract(dow FROM date),
       extract(hour FROM time), count(*), avg(date - (created_at AT TIME ZONE :tz)::date)
FROM api_appointment WHERE date BETWEEN '2024-11-01' AND '2025-10-31'
GROUP BY GROUPING SETS ((1, 3), (2, 4, 3), (2, 5, 3), (2, 6, 7), (2));
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
