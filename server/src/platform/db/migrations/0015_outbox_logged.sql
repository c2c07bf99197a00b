-- A message handed to a driver that only writes it to the log (SMS_DRIVER=log) was never sent:
-- its outbox row says `logged`, not `sent` (issue 10: claims that never mislead).
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_status_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_status_check CHECK (status IN ('pending', 'sent', 'logged', 'failed'));
UPDATE notification_outbox SET status = 'logged' WHERE status = 'sent' AND channel = 'sms';
