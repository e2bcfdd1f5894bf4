// The API the screens use: the preload's bridge in Electron, the web client
// in a browser. Screens never know which.
import type { WorkstationApi } from '../../../shared/api/contract.js';
import { createWebClient, takeCredentials } from './web-client.js';

declare global {
  interface Window {
    natalia?: WorkstationApi;
  }
}

let instance: WorkstationApi | undefined;

export function api(): WorkstationApi {
  instance ??= window.natalia ?? createWebClient(takeCredentials());
  return instance;
}
