-- 0013: 三(四) — completing the project evaluation within 3 months is the applicant's duty
-- (api-v1 "Rules clarified on a second reading of the notice", Project evaluation).
-- 项目评估材料已提交: the applicant submitted its project-evaluation materials for the item; the
-- 3-month clock stops (the item never lapses to abandoned) and the centre records its result.
ALTER TABLE application_items DROP CONSTRAINT application_items_status_check;
ALTER TABLE application_items ADD CONSTRAINT application_items_status_check CHECK (status IN ('pending', 'project_evaluation',
  'project_submitted', 'project_passed', 'project_failed', 'abandoned', 'approved', 'not_approved', 'in_publicity',
  'objection_upheld', 'filed'));

-- 项目评估材料: uploaded by the applicant for one item (item_id) while it is in project evaluation.
ALTER TABLE materials DROP CONSTRAINT materials_kind_check;
ALTER TABLE materials ADD CONSTRAINT materials_kind_check CHECK (kind IN (
  'credit_proof', 'application_form', 'license_copy', 'work_plan', 'sample_paper', 'recommendation_letter', 'site_photo',
  'project_material'));
