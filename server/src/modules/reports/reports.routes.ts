import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationsExportQuery, filingsReportQuery } from '../../../../contract/documents.js';
import { auditActor } from '../../platform/http/request-context.js';
import { contentDisposition } from '../documents/documents.routes.js';
import type { ReportFile, ReportsService } from './reports.service.js';

function sendFile(reply: FastifyReply, f: ReportFile) {
  return reply
    .header('content-type', f.contentType)
    .header('content-length', String(f.body.length))
    .header('content-disposition', contentDisposition(f.fileName))
    .header('x-row-count', String(f.rows))
    .send(f.body);
}

/** Reports (xlsx) and the centre's exports (xlsx, CSV); each download is audited. */
export const reportsRoutes: FastifyPluginAsyncZod<{ service: ReportsService }> = async (app, { service }) => {
  app.get('/reports/filings.xlsx', {
    config: { auth: ['center', 'bureau'] },
    schema: { tags: ['reports'], summary: '备案信息报表（报中国就业培训技术指导中心，xlsx）', querystring: filingsReportQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  }, async (req, reply) => sendFile(reply, await service.filingsXlsx(auditActor(req), req.query)));

  app.get('/reports/applications.xlsx', {
    config: { auth: ['center'] },
    schema: { tags: ['reports'], summary: '申报信息导出（xlsx）', querystring: applicationsExportQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
  }, async (req, reply) => sendFile(reply, await service.applications(auditActor(req), req.query, 'xlsx')));

  app.get('/reports/applications.csv', {
    config: { auth: ['center'] },
    schema: { tags: ['reports'], summary: '申报信息导出（CSV，UTF-8 带 BOM）', querystring: applicationsExportQuery, produces: ['text/csv'] },
  }, async (req, reply) => sendFile(reply, await service.applications(auditActor(req), req.query, 'csv')));
};
