// The package's entry point: the layer, the domain models, and the HTTP API over them.
export * from './lib';
export * from './models';
export * from './http';
