// The package's entry point (`relational-layer`): the layer only, with the HTTP API over the
// models a host gives it. The demo domain is the separate entry `relational-layer/demo`.
export * from './lib';
export * from './http';
