-- 0011: the centre's eligibility review (通知 一, 一(一); api-v1 "Eligibility by USCC").
-- An organisation whose USCC type the notice neither admits nor bars by name (a 事业单位, a foundation,
-- a law firm…) registers as needs_review; the centre records its review, eligible or not_eligible, and
-- the applicant sees it. Reviews are kept, never overwritten: the latest one is the organisation's.
ALTER TABLE organizations DROP CONSTRAINT organizations_eligibility_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_eligibility_check
  CHECK (eligibility IN ('eligible', 'needs_review', 'not_eligible'));

CREATE TABLE organization_eligibility_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  decision text NOT NULL CHECK (decision IN ('eligible', 'not_eligible')),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 2 AND 2000),
  reviewed_at timestamptz NOT NULL,
  reviewed_by uuid NOT NULL REFERENCES users(id),
  -- the reviewer's name as it was at the time (the account's display name may change later)
  reviewer_name text NOT NULL
);
CREATE INDEX organization_eligibility_reviews_org ON organization_eligibility_reviews (organization_id, reviewed_at DESC);
