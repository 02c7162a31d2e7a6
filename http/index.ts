export { createApp } from './app';
export { createRouter } from './router';
export { startServer, shutdownOnSignals, type RunningServer, type ServeOptions } from './server';
export type { ApiOptions, ResourceModel } from './options';
export type { Problem } from './problem';
export type { ListPage } from './read-routes';
export type { OpenApiDocument } from './openapi/document';
