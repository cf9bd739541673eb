import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import './styles.css';

// A lazy route group that no longer exists (a new version was deployed while this page was open):
// load the page again, once, to get the new build rather than fail (docs/operations.md).
window.addEventListener('vite:preloadError', (event) => {
  const key = 'latchkey.reloadedForChunk';
  try {
    if (sessionStorage.getItem(key) === location.pathname) return;
    sessionStorage.setItem(key, location.pathname);
  } catch {
    return; // Without storage a reload could repeat: let the error show instead.
  }
  event.preventDefault();
  location.reload();
});

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
