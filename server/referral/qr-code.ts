import QRCode from 'qrcode';

/**
 * A QR code as inline SVG markup: it prints sharply at any size and needs no
 * image request. The label names it for screen readers.
 */
export async function qrCodeSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const safeLabel = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${safeLabel}" class="qr-code" `);
}
