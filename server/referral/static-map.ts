import type { Region } from '../region/region-config.ts';

interface Point {
  x: number;
  y: number;
}

const WIDTH = 240;
const HEIGHT = 180;
const PAD = 8;

/** Keeps the part of a polygon on the side of the line through `a` perpendicular to a→b nearer to `a`. */
function clipToNearer(polygon: Point[], a: Point, b: Point): Point[] {
  const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const normal = { x: b.x - a.x, y: b.y - a.y };
  const side = (p: Point) => (p.x - mid.x) * normal.x + (p.y - mid.y) * normal.y;
  const result: Point[] = [];
  polygon.forEach((current, index) => {
    const next = polygon[(index + 1) % polygon.length]!;
    const sc = side(current);
    const sn = side(next);
    if (sc <= 0) result.push(current);
    if ((sc < 0 && sn > 0) || (sc > 0 && sn < 0)) {
      const t = sc / (sc - sn);
      result.push({ x: current.x + t * (next.x - current.x), y: current.y + t * (next.y - current.y) });
    }
  });
  return result;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A small map of the region that prints without tiles from the internet: each
 * town is the area nearer to its centre than to any other (a schematic
 * outline, drawn from the region file), with its name, and the offer's places
 * as pins. Server-rendered SVG, so it needs no script and no request.
 */
export function renderStaticMapSvg(region: Region, pins: Array<{ lat: number; lng: number }>, label: string): string {
  const points = region.districts.flatMap((district) => [district.centre, ...district.postcodes]).concat(pins);
  const lats = points.map((point) => point.lat);
  const lngs = points.map((point) => point.lng);
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  // Longitude degrees are shorter than latitude degrees this far north.
  const aspect = Math.cos(((south + north) / 2) * (Math.PI / 180));
  const spanX = (east - west) * aspect || 0.01;
  const spanY = north - south || 0.01;
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY) * 0.92;
  const offsetX = (WIDTH - spanX * scale) / 2;
  const offsetY = (HEIGHT - spanY * scale) / 2;
  const project = (point: { lat: number; lng: number }): Point => ({ x: offsetX + (point.lng - west) * aspect * scale, y: offsetY + (north - point.lat) * scale });
  const centres = region.districts.map((district) => project(district.centre));
  const frame: Point[] = [{ x: 2, y: 2 }, { x: WIDTH - 2, y: 2 }, { x: WIDTH - 2, y: HEIGHT - 2 }, { x: 2, y: HEIGHT - 2 }];
  const cells = centres.map((centre, index) => centres.reduce((polygon, other, otherIndex) => (otherIndex === index ? polygon : clipToNearer(polygon, centre, other)), frame));
  const outlines = cells.map((cell) => `<path d="M${cell.map((p) => `${round(p.x)} ${round(p.y)}`).join('L')}Z" fill="#f4f7f8" stroke="#8a949d" stroke-width="0.8"/>`).join('');
  const names = region.districts
    .map((district, index) => `<circle cx="${round(centres[index]!.x)}" cy="${round(centres[index]!.y)}" r="1.6" fill="#5a636d"/><text x="${round(centres[index]!.x)}" y="${round(centres[index]!.y + 9)}" font-size="7.5" font-family="Noto Sans, DejaVu Sans, sans-serif" text-anchor="middle" fill="#1a1f24">${escapeXml(district.name)}</text>`)
    .join('');
  const markers = pins
    .map(project)
    .map((p) => `<path d="M${round(p.x)} ${round(p.y)}l-5 -9a6 6 0 1 1 10 0z" fill="#b3261e" stroke="#fff" stroke-width="1"/><circle cx="${round(p.x)}" cy="${round(p.y - 11.5)}" r="2" fill="#fff"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" class="static-map" role="img" aria-label="${escapeXml(label)}"><rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>${outlines}${names}${markers}</svg>`;
}
