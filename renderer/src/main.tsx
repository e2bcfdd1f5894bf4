// Entry point of the screens: mounts the app inside the jobs provider.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { JobsProvider } from './app/jobs.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <JobsProvider>
      <App />
    </JobsProvider>
  </StrictMode>,
);
