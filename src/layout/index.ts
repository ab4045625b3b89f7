/**
 * The layout step: a cheap look at where the content of an image is, shared by the analyzers that need to look at
 * parts of it (NSFW region passes today). Pure: it reads a small smoothed copy of the image (LAYOUT_SIDE), which
 * the browser and Node make alike, so both plan the same passes.
 */
import type { RgbaImage } from '../input/pixels.js';
import { boxArea, boxToRect, rectHeight, rectToBox, rectWidth, type Box, type Rect } from './box.js';
import { findBlocks, trim } from './regions.js';
import { skinShare } from './skin.js';

export type { Box } from './box.js';

/** Longer side of the copy the layout is read from: gutters of a few pixels at 1,500 px are still 1-2 px here. */
export const LAYOUT_SIDE = 256;
/**
 * ...but its shorter side at least this (up to the image's own): a 6:1 strip at 256 px long is 43 px thick, and a
 * photo's first rows, blurred together that much, look uniform and are trimmed off as border (party photo 4 in a
 * strip lost 2 of its 33 rows, and its score fell from 0.55 to 0.2).
 */
const LAYOUT_MIN_SHORT_SIDE = 128;

/** The size of the layout copy of a width×height image: LAYOUT_SIDE long, or LAYOUT_MIN_SHORT_SIDE thick for a strip. */
export function layoutSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, Math.max(LAYOUT_SIDE / Math.max(width, height), LAYOUT_MIN_SHORT_SIDE / Math.min(width, height)));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A block smaller than this share of the image is a caption line or an icon, not a picture worth a pass. */
const MIN_BLOCK_AREA = 0.03;
/** ...or thinner than this many layout pixels. */
const MIN_BLOCK_SIDE = 12;

export interface LayoutArea {
  box: Box;
  /** Share of skin-coloured pixels (orders passes, decides nothing). */
  skin: number;
}

export interface LayoutBlock extends LayoutArea {
  /** Width over height in the displayed image's pixels. */
  aspect: number;
  /**
   * For a block too long to squash into a square (EXTREME_ASPECT), overlapping squares along it, each with its
   * uniform borders cut away (a photo letterboxed in its slot of a strip); empty otherwise.
   */
  tiles: LayoutArea[];
}

/** Longer side over shorter at or beyond which a block is cut into overlapping squares rather than squashed. */
export const EXTREME_ASPECT = 2;
/** Squares per long block at most. */
const MAX_TILES = 6;

export interface Layout {
  /** Displayed size of the image. */
  width: number;
  height: number;
  /** The image less its uniform borders. */
  content: Box;
  /** Pictures found inside the content (collage cells, the photo of a screenshot), larger first. */
  blocks: LayoutBlock[];
}

/**
 * `image` is the displayed image (`width`×`height`) resized to layoutSize(); boxes come back in 0-1 of it, so
 * they apply to the full-size image unchanged.
 */
export function readLayout(image: RgbaImage, width: number, height: number): Layout {
  const { content, blocks } = findBlocks(image);
  const area = (rect: Rect): LayoutArea => ({ box: rectToBox(rect, image.width, image.height), skin: skinShare(image, rect) });
  const block = (rect: Rect): LayoutBlock => {
    const found = area(rect);
    const aspect = (found.box.width * width) / (found.box.height * height);
    const extreme = aspect >= EXTREME_ASPECT || aspect <= 1 / EXTREME_ASPECT;
    const tiles = extreme
      ? squareTiles(found.box, aspect, MAX_TILES)
          .map((tile) => trim(image, boxToRect(tile, image.width, image.height)))
          .filter((tile) => rectWidth(tile) > 0 && rectHeight(tile) > 0)
          .map(area)
      : [];
    return { ...found, aspect, tiles };
  };
  return {
    width,
    height,
    content: rectToBox(content, image.width, image.height),
    blocks: blocks
      .filter((rect) => Math.min(rectWidth(rect), rectHeight(rect)) >= MIN_BLOCK_SIDE)
      .map(block)
      .filter((found) => boxArea(found.box) >= MIN_BLOCK_AREA),
  };
}

/**
 * Squares along the longer side of a box whose aspect is `aspect` (pixels), overlapping evenly, as many as it
 * takes to cover it; with fewer allowed, the tiles widen to still cover it all.
 */
export function squareTiles(box: Box, aspect: number, max: number): Box[] {
  const long = Math.max(aspect, 1 / aspect);
  const count = Math.max(1, Math.min(max, Math.ceil(long)));
  const wide = aspect >= 1;
  const side = Math.max(1 / long, 1 / count); // of the box's long side
  const step = count > 1 ? (1 - side) / (count - 1) : 0;
  return Array.from({ length: count }, (_, i) =>
    wide
      ? { x: box.x + box.width * i * step, y: box.y, width: box.width * side, height: box.height }
      : { x: box.x, y: box.y + box.height * i * step, width: box.width, height: box.height * side },
  );
}
