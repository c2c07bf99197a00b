-- api-v1 "Recommendations the system did not receive online": a maintained list of industry
-- authorities, and recommendations the centre records on a recommender's behalf (paper letters).
CREATE TABLE industry_authorities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(btrim(name)) > 0),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- seeded from the names accounts and applications already use, so nothing breaks
INSERT INTO industry_authorities (name)
SELECT DISTINCT name FROM (
  SELECT authority AS name FROM users WHERE authority IS NOT NULL
  UNION SELECT industry_authority FROM applications
) n WHERE length(btrim(name)) > 0
ON CONFLICT (name) DO NOTHING;

-- a recommendation received on paper and recorded by the centre (by_user is the centre's user)
ALTER TABLE recommendations ADD COLUMN recorded_on_paper boolean NOT NULL DEFAULT false;

-- the municipal authorities most often named as 行业主管部门 (the admin keeps the list from here)
INSERT INTO industry_authorities (name) VALUES
  ('上海市商务委员会'), ('上海市教育委员会'), ('上海市卫生健康委员会'), ('上海市公安局技术防范办公室'),
  ('上海市经济和信息化委员会'), ('上海市交通委员会'), ('上海市住房和城乡建设管理委员会'), ('上海市文化和旅游局'),
  ('上海市民政局'), ('上海市农业农村委员会'), ('上海市体育局'), ('上海市市场监督管理局')
ON CONFLICT (name) DO NOTHING;
