/** A rectangle in 0-1 of the displayed image (after EXIF orientation): what evidence reports and passes crop. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle in whole pixels of some image, right and bottom edges exclusive. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const WHOLE: Box = Object.freeze({ x: 0, y: 0, width: 1, height: 1 });

export const rectWidth = (rect: Rect): number => rect.x1 - rect.x0;
export const rectHeight = (rect: Rect): number => rect.y1 - rect.y0;

export function rectToBox(rect: Rect, width: number, height: number): Box {
  return { x: rect.x0 / width, y: rect.y0 / height, width: rectWidth(rect) / width, height: rectHeight(rect) / height };
}

/** The box in whole pixels of a width×height image, at least 1 px and inside it. */
export function boxToRect(box: Box, width: number, height: number): Rect {
  const x0 = clamp(Math.floor(box.x * width), 0, width - 1);
  const y0 = clamp(Math.floor(box.y * height), 0, height - 1);
  const x1 = clamp(Math.ceil((box.x + box.width) * width), x0 + 1, width);
  const y1 = clamp(Math.ceil((box.y + box.height) * height), y0 + 1, height);
  return { x0, y0, x1, y1 };
}

export const boxArea = (box: Box): number => box.width * box.height;

/** Intersection over union of two boxes, 0-1. */
export function overlap(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const shared = width * height;
  return shared / (boxArea(a) + boxArea(b) - shared);
}

/** The box grown by `share` of its size on every side, then kept inside the image. */
export function grow(box: Box, share: number): Box {
  const x = Math.max(0, box.x - box.width * share);
  const y = Math.max(0, box.y - box.height * share);
  return {
    x,
    y,
    width: Math.min(1, box.x + box.width * (1 + share)) - x,
    height: Math.min(1, box.y + box.height * (1 + share)) - y,
  };
}

/** The part of the box inside the image. */
export function clip(box: Box): Box {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return { x, y, width: Math.min(1, box.x + box.width) - x, height: Math.min(1, box.y + box.height) - y };
}

export const centre = (box: Box): { x: number; y: number } => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** Whether the point (0-1 of the image) lies in the box, edges included. */
export function contains(box: Box, point: { x: number; y: number }): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

/** Six decimals: enough for any image's pixels, and evidence stays readable. */
export function roundBox(box: Box): Box {
  const r = (value: number) => Math.round(value * 1e6) / 1e6;
  return { x: r(box.x), y: r(box.y), width: r(box.width), height: r(box.height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
