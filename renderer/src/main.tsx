// Entry point of the screens: mounts the app inside the jobs provider.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client.js';
import { App } from './app/App.js';
import { JobsProvider } from './app/jobs.js';

// Take the launch token from the address (and clear it) before anything can change the fragment.
api();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <JobsProvider>
      <App />
    </JobsProvider>
  </StrictMode>,
);
