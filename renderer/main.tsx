// The renderer's entry: mounts the wizard in Fluent UI. window.fipsfix comes from the preload
// (Electron) or from web-bridge.ts (the browser fallback of `npm start`); nothing else reaches the page.
// Fluent's styles are inserted at run time: each <style> element carries this load's nonce, which the
// page's CSP allows (main puts the same fresh nonce in the CSP and in the fipsfix-style-nonce meta tag).
import { createDOMRenderer, FluentProvider, RendererProvider } from '@fluentui/react-components';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startFirstRead } from './first-read';
import { useSystemTheme } from './system-theme';

function Themed({ children }: { children: ReactNode }) {
  return <FluentProvider theme={useSystemTheme()}>{children}</FluentProvider>;
}

startFirstRead();
const nonce = document.querySelector('meta[name="fipsfix-style-nonce"]')?.getAttribute('content') ?? '';
const renderer = createDOMRenderer(document, { styleElementAttributes: { nonce } });
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <RendererProvider renderer={renderer} targetDocument={document}>
        <Themed>
          <App />
        </Themed>
      </RendererProvider>
    </StrictMode>,
  );
}
