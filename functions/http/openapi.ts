import { httpHandler } from '../platform/http';
import { buildOpenApiDocument } from '../platform/openapi';
import { httpRoutes, openapiRoute } from '../routes';

// Built once per cold start: the route table does not change while the function lives.
const document = buildOpenApiDocument(httpRoutes);

export const handler = httpHandler(openapiRoute, async () => ({ body: document }));
