-- 0021: the audiences a message is sent to (notifications: an organisation's applicants, an
-- authority's or a district's officials), found by index instead of reading every account — a
-- command's single write statement resolves them (docs/decisions/0020), once per message.
CREATE INDEX users_organization_idx ON users (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX users_authority_idx ON users (authority) WHERE authority IS NOT NULL;
CREATE INDEX users_district_idx ON users (district) WHERE district IS NOT NULL;
