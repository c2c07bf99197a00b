-- 0012: what an organisation took part in is fixed when it submits (三(四) 1年内不得多次参与; api-v1
-- "One-year rule"), and an applicant may withdraw before acceptance (api-v1 "Withdrawal").
--
-- submitted_items keeps, for every submission, the catalogue items and levels submitted, with the
-- item's code, work type and name as they were — so an item removed during correction, a withdrawn
-- application or a later change of the catalogue leaves the participation where it was. A row is
-- written at the first submission of the item (a resubmission adds items added while the window was
-- still open, and levels to the union); it is never deleted.
CREATE TABLE submitted_items (
  application_id uuid NOT NULL REFERENCES applications(id),
  campaign_item_id uuid NOT NULL REFERENCES campaign_items(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  occupation_code text,
  work_type text,
  name text NOT NULL,
  levels int[] NOT NULL,
  submitted_at timestamptz NOT NULL,
  PRIMARY KEY (application_id, campaign_item_id)
);
CREATE INDEX submitted_items_org_idx ON submitted_items (organization_id);

-- Applications submitted before this migration: the best record there is, their items now, at the
-- instant of their first submission (what the rule read until now).
INSERT INTO submitted_items (application_id, campaign_item_id, organization_id, occupation_code, work_type, name, levels, submitted_at)
SELECT a.id, i.campaign_item_id, a.organization_id, ci.occupation_code, ci.work_type, ci.name, i.levels, a.first_submitted_at
FROM applications a
JOIN application_items i ON i.application_id = a.id
JOIN campaign_items ci ON ci.id = i.campaign_item_id
WHERE a.first_submitted_at IS NOT NULL;

-- 已撤回: withdrawn by the applicant before acceptance (final).
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN ('draft', 'awaiting_recommendation',
  'recommendation_declined', 'recommended', 'submitted', 'returned', 'rejected', 'accepted', 'institution_passed',
  'institution_failed', 'withdrawn'));
