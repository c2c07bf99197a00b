import { Button, Card, Col, Form, Input, Row, Select } from 'antd';
import { useT } from '../../lib/i18n';
import { DISTRICTS } from '../../lib/vocab';
import { applicantMessages } from './messages';

/** 考核点 with their districts: each district's HR bureau will be asked to recommend (三(一)). */
export function SitesEditor({ disabled }: { disabled?: boolean }) {
  const t = useT(applicantMessages);
  return (
    <Form.List name="sites">
      {(fields, { add, remove }) => (
        <div className="stack">
          <p className="muted m-0">{t('sitesIntro')}</p>
          {fields.map((f, i) => (
            <section key={f.key} aria-label={t('siteN', { n: i + 1 })}>
              <Card
                size="small"
                title={<h3 className="item-title">{t('siteN', { n: i + 1 })}</h3>}
                extra={
                  !disabled && (
                    <Button size="small" danger onClick={() => remove(f.name)}>
                      {t('removeSite')}
                    </Button>
                  )
                }
              >
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('siteName')}
                      rules={[{ required: true, whitespace: true, message: `${t('siteN', { n: i + 1 })}：${t('siteName')}` }]}
                    >
                      <Input maxLength={200} disabled={disabled} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item
                      name={[f.name, 'district']}
                      label={t('siteDistrict')}
                      rules={[{ required: true, message: `${t('siteN', { n: i + 1 })}：${t('siteDistrict')}` }]}
                    >
                      <Select disabled={disabled} options={DISTRICTS.map((d) => ({ value: d.code, label: d.name }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[f.name, 'address']}
                      label={t('siteAddress')}
                      rules={[{ required: true, whitespace: true, message: `${t('siteN', { n: i + 1 })}：${t('siteAddress')}` }]}
                    >
                      <Input maxLength={300} disabled={disabled} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            </section>
          ))}
          {!disabled && (
            <Button onClick={() => add({ name: '', address: '', district: undefined })} className="self-start">
              {t('addSite')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
