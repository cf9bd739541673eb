import type { Config } from '../config/schema.js';
import { tlsFiles } from '../http/tls.js';

/** Where the server can be reached, as printed at start-up: the public URL, else the bound address. */
export function serverUrl(config: Config, port: number): string {
  return config.publicUrl ?? `${tlsFiles(config) ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

/** The metrics listener's URL, as printed at start-up. */
export function metricsUrl(config: Pick<Config, 'metricsHost'>, port: number): string {
  return `http://${config.metricsHost.includes(':') ? `[${config.metricsHost}]` : config.metricsHost}:${port}/metrics`;
}
