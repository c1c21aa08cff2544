import type { District, Quarter, Region } from '../region/region-config.ts';
import { distanceKm } from '../region/region-config.ts';
import type { SeededRandom } from './demo-random.ts';

const FIRST_NAMES = {
  female: ['Aylin', 'Sabine', 'Olena', 'Fatma', 'Julia', 'Maryam', 'Katarzyna', 'Anna', 'Nadia', 'Petra', 'Leyla', 'Elena', 'Ute', 'Hanna', 'Rana', 'Svetlana', 'Birgit', 'Zeynep', 'Claudia', 'Amina', 'Monika', 'Irina', 'Sevgi', 'Lena'],
  male: ['Thomas', 'Mehmet', 'Andrzej', 'Ahmad', 'Stefan', 'Oleksandr', 'Michael', 'Hassan', 'Jens', 'Murat', 'Dmitri', 'Frank', 'Yusuf', 'Markus', 'Tesfaye', 'Klaus', 'Karim', 'Bernd', 'Emre', 'Jan'],
};
const SURNAMES = ['Becker', 'Demir', 'Kowalski', 'Schmidt', 'Yılmaz', 'Hoffmann', 'Shevchenko', 'Al-Khatib', 'Wagner', 'Rahimi', 'Klein', 'Öztürk', 'Popescu', 'Neumann', 'Haddad', 'Kaya', 'Wolf', 'Petrov', 'Schulte', 'Berhane', 'Krüger', 'Nowak', 'Aydın', 'Brinkmann', 'Hosseini', 'Lange', 'Ivanova', 'Çelik', 'Fischer', 'Mansour'];

export interface ContactPerson {
  display: string;
  emailLocal: string;
}

function asciiLocal(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ı/g, 'i')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '');
}

export function pickContact(random: SeededRandom): ContactPerson {
  const female = random.chance(0.62);
  const first = random.pick(female ? FIRST_NAMES.female : FIRST_NAMES.male);
  const last = random.pick(SURNAMES);
  return { display: `${female ? 'Frau' : 'Herr'} ${first} ${last}`, emailLocal: `${asciiLocal(first)}.${asciiLocal(last)}` };
}

/** A made-up number under a real dialling code of the place. */
export function phoneNumber(random: SeededRandom, areaCode: string): string {
  return `${areaCode} ${random.int(2, 9)}${String(random.int(0, 99999)).padStart(5, '0')}`;
}

/** The district whose centre is nearest to a point. */
export function nearestDistrict(region: Region, point: { lat: number; lng: number }): District {
  let best = region.districts[0] as District;
  for (const district of region.districts) {
    if (distanceKm(district.centre, point) < distanceKm(best.centre, point)) best = district;
  }
  return best;
}

/**
 * A point inside a town: within its radius and nearer its own centre than any
 * other town's, so an address never lands in the neighbouring town.
 */
export function pointInDistrict(random: SeededRandom, region: Region, district: District): { lat: number; lng: number } {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const distance = district.radiusKm * Math.sqrt(random.next()) * 0.9;
    const bearing = random.next() * 2 * Math.PI;
    const lat = district.centre.lat + (distance / 111.32) * Math.cos(bearing);
    const lng = district.centre.lng + (distance / (111.32 * Math.cos((district.centre.lat * Math.PI) / 180))) * Math.sin(bearing);
    const point = { lat: Number(lat.toFixed(5)), lng: Number(lng.toFixed(5)) };
    if (nearestDistrict(region, point).slug === district.slug) return point;
  }
  return district.centre;
}

/** The district's quarter nearest to a point, if the region lists quarters. */
export function nearestQuarter(district: District, point: { lat: number; lng: number }): Quarter | undefined {
  let best: { quarter: Quarter; distance: number } | undefined;
  for (const quarter of district.quarters ?? []) {
    const distance = distanceKm(quarter.centre, point);
    if (!best || distance < best.distance) best = { quarter, distance };
  }
  return best?.quarter;
}

/** The postcode whose area centre is nearest to the point, within the town (and among `only`, when given). */
export function nearestPostcode(district: District, point: { lat: number; lng: number }, only?: string[]): string {
  const candidates = only && only.length > 0 ? district.postcodes.filter((postcode) => only.includes(postcode.code)) : district.postcodes;
  let best = candidates[0];
  for (const postcode of candidates) {
    if (best === undefined || distanceKm(postcode, point) < distanceKm(best, point)) best = postcode;
  }
  return best?.code ?? '00000';
}

const LOCATION_NAMES: Record<string, string[]> = {
  'welfare-association': ['Beratungszentrum', 'Begegnungsstätte', 'Stadtteilbüro', 'Geschäftsstelle'],
  municipality: ['Rathaus', 'Bürgerzentrum', 'Stadtteilzentrum', 'Integrationsbüro'],
  'adult-education-centre': ['Bildungszentrum', 'Kursgebäude', 'Lernzentrum'],
  jobcenter: ['Jobcenter-Standort', 'Servicestelle'],
  school: ['Schulgebäude', 'Schulzentrum'],
  'migrant-organisation': ['Vereinsräume', 'Kulturzentrum', 'Gemeinschaftsraum'],
  'sports-club': ['Sporthalle', 'Vereinsheim', 'Sportplatz'],
  'family-centre': ['Familienzentrum', 'Kita-Gebäude'],
  'religious-community': ['Gemeindehaus', 'Gemeindezentrum'],
  club: ['Treffpunkt', 'Nachbarschaftshaus', 'Ladenlokal'],
  'youth-service': ['Jugendzentrum', 'Jugendtreff'],
  'health-service': ['Beratungsstelle', 'Gesundheitshaus'],
};

export function locationName(random: SeededRandom, kind: string, townName: string): string {
  return `${random.pick(LOCATION_NAMES[kind] ?? ['Treffpunkt'])} ${townName}`;
}
