// Renderer entry: connect the bridge, read the app info, start i18n in the cashier's language, render.
import './styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { Language } from '../shared/payment';
import { connectBridge } from './bridge';
import { App } from './app/App';
import { Connecting, StartFailed } from './app/StartScreens';
import { changeLanguage, i18n, initI18n } from './i18n';
import { useAppStore } from './stores/appStore';
import { connectStoresToBridge } from './stores/events';
import { usePaymentsStore } from './stores/paymentsStore';

function guessLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

async function start(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  const root = createRoot(container);
  await initI18n(guessLanguage());
  const render = (node: ReactNode) =>
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>{node}</I18nextProvider>
      </StrictMode>,
    );
  render(<Connecting />);
  try {
    await connectBridge();
    const info = await useAppStore.getState().load();
    await changeLanguage(info.language);
    connectStoresToBridge();
    void usePaymentsStore.getState().refresh();
    render(<App info={info} />);
  } catch (error) {
    console.error('Counter could not start', error);
    render(<StartFailed />);
  }
}

void start();
