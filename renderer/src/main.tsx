// Entry point of the screens: mounts the app inside the language and jobs providers.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { api } from './api/client.js';
import { App } from './app/App.js';
import { JobsProvider } from './app/jobs.js';
import { i18n } from './i18n/setup.js';

// Take the launch token from the address (and clear it) before anything can change the fragment.
api();

/**
 * Draws the screens again from the top when the language changes, so every
 * date and number (formatted outside React's view of the language) follows.
 * Running imports live in JobsProvider, above, and are kept.
 */
function InLanguage() {
  const { i18n: current } = useTranslation();
  return <App key={current.language} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <JobsProvider>
        <InLanguage />
      </JobsProvider>
    </I18nextProvider>
  </StrictMode>,
);
