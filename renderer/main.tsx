// The renderer's entry: mounts the wizard. window.fipsfix comes from the preload (Electron) or from
// web-bridge.ts (the browser fallback of `npm start`); nothing else reaches the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
