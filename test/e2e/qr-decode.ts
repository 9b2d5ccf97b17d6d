// Reads the QR code actually drawn on the page: a screenshot of the element (PNG), its pixels
// (pngjs) and a QR decoder (jsQR), both pure JS. What a buyer's phone would read, not what an
// attribute says the code holds.
import jsQR from 'jsqr';
import type { Locator } from 'playwright-core';
import { PNG } from 'pngjs';

/** The text of the QR code in a PNG image, or undefined when no code can be read in it. */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const found = jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' });
  return found?.data;
}

/** Screenshots the element (the QR and its quiet zone) and decodes it; throws when nothing readable is drawn. */
export async function readDrawnQr(element: Locator): Promise<string> {
  await element.waitFor({ state: 'visible' });
  const png = await element.screenshot({ type: 'png', animations: 'disabled', caret: 'hide', scale: 'css' });
  const text = decodeQrPng(png);
  if (text === undefined) throw new Error(`no readable QR code in a ${PNG.sync.read(png).width}px screenshot of ${String(element)}`);
  return text;
}
