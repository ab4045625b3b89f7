import exifr from 'exifr';
import type { PhotoMetadata } from '../verdict/types.js';

/**
 * What a photo's metadata gives away about the person who took it: where (GPS) and with what (camera). Read with
 * exifr from EXIF in JPEG, PNG, WebP and AVIF. Damaged or absent metadata is simply "none": it never fails a check.
 */
const NONE: PhotoMetadata = { gps: null, camera: null };

export async function readMetadata(bytes: Uint8Array): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(bytes, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      reviveValues: true,
    });
  } catch {
    return NONE;
  }
  if (!tags) return NONE;
  return { gps: gpsOf(tags), camera: cameraOf(tags) };
}

function gpsOf(tags: Record<string, unknown>): PhotoMetadata['gps'] {
  const { latitude, longitude, GPSAltitude } = tags;
  if (!isCoordinate(latitude, 90) || !isCoordinate(longitude, 180)) return null;
  return typeof GPSAltitude === 'number' && Number.isFinite(GPSAltitude)
    ? { latitude, longitude, altitude: GPSAltitude }
    : { latitude, longitude };
}

function cameraOf(tags: Record<string, unknown>): PhotoMetadata['camera'] {
  const camera: NonNullable<PhotoMetadata['camera']> = {};
  const make = text(tags.Make);
  const model = text(tags.Model);
  const software = text(tags.Software);
  if (make) camera.make = make;
  if (model) camera.model = model;
  if (software) camera.software = software;
  if (tags.DateTimeOriginal instanceof Date && !Number.isNaN(tags.DateTimeOriginal.getTime())) {
    camera.takenAt = tags.DateTimeOriginal.toISOString();
  }
  return Object.keys(camera).length > 0 ? camera : null;
}

function isCoordinate(value: unknown, bound: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= bound;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined;
}
