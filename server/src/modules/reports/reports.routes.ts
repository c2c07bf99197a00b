import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationsExportQuery, filingsReportQuery } from '../../../../contract/documents.js';
import {
  XLSX_CONTENT_TYPE,
  nationalBatchBody,
  nationalBatchListQuery,
  nationalBatchListSchema,
  nationalBatchParams,
  nationalBatchSchema,
  xlsxFileSchema,
} from '../../../../contract/reports.js';
import { auditActor } from '../../platform/http/request-context.js';
import { contentDisposition } from '../documents/documents.routes.js';
import type { NationalBatchesService } from './national-batches.service.js';
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
export const reportsRoutes: FastifyPluginAsyncZod<{ service: ReportsService; batches: NationalBatchesService }> = async (app, { service, batches }) => {
  app.get(
    '/reports/filings.xlsx',
    {
      config: { auth: ['center', 'bureau'] },
      schema: {
        tags: ['reports'],
        summary: '备案信息报表（报中国就业培训技术指导中心，xlsx）',
        querystring: filingsReportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => sendFile(reply, await service.filingsXlsx(auditActor(req), req.query)),
  );

  app.get(
    '/reports/applications.xlsx',
    {
      config: { auth: ['center'] },
      schema: {
        tags: ['reports'],
        summary: '申报信息导出（xlsx）',
        querystring: applicationsExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => sendFile(reply, await service.applications(auditActor(req), req.query, 'xlsx')),
  );

  app.get(
    '/reports/applications.csv',
    {
      config: { auth: ['center'] },
      schema: { tags: ['reports'], summary: '申报信息导出（CSV，UTF-8 带 BOM）', querystring: applicationsExportQuery, produces: ['text/csv'] },
    },
    async (req, reply) => sendFile(reply, await service.applications(auditActor(req), req.query, 'csv')),
  );

  // 报备 to the national centre (api-v1 "Rules clarified"): batches of filings, each reported once
  app.post(
    '/reports/national-batches',
    {
      config: { auth: ['center'] },
      schema: {
        tags: ['reports'],
        summary: '向国家中心报备：生成报备批次（所选期间内尚未报备的备案）',
        body: nationalBatchBody,
        response: { 201: nationalBatchSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await batches.create(auditActor(req), req.body)),
  );

  app.get(
    '/reports/national-batches',
    {
      config: { auth: ['center', 'bureau', 'admin'] },
      schema: { tags: ['reports'], summary: '报备批次列表（新的在前，分页）', querystring: nationalBatchListQuery, response: { 200: nationalBatchListSchema } },
    },
    async (req) => batches.list(req.query),
  );

  app.get(
    '/reports/national-batches/:id.xlsx',
    {
      config: { auth: ['center', 'bureau', 'admin'] },
      schema: { tags: ['reports'], summary: '报备批次（xlsx）', params: nationalBatchParams, produces: [XLSX_CONTENT_TYPE], response: { 200: xlsxFileSchema } },
    },
    async (req, reply) => sendFile(reply, await batches.xlsx(auditActor(req), req.params.id)),
  );
};
