/**
 * The layout step: a cheap look at where the content of an image is, shared by the analyzers that need to look at
 * parts of it (NSFW region passes today). Pure: it reads a small smoothed copy of the image (LAYOUT_SIDE), which
 * the browser and Node make alike, so both plan the same passes.
 */
import type { RgbaImage } from '../input/pixels.js';
import { boxArea, rectHeight, rectToBox, rectWidth, type Box } from './box.js';
import { findBlocks } from './regions.js';
import { skinShare } from './skin.js';

export type { Box } from './box.js';

/** Longer side of the copy the layout is read from: gutters of a few pixels at 1,500 px are still 1-2 px here. */
export const LAYOUT_SIDE = 256;

/** A block smaller than this share of the image is a caption line or an icon, not a picture worth a pass. */
const MIN_BLOCK_AREA = 0.03;
/** ...or thinner than this many layout pixels. */
const MIN_BLOCK_SIDE = 12;

export interface LayoutBlock {
  box: Box;
  /** Width over height in the displayed image's pixels. */
  aspect: number;
  /** Share of skin-coloured pixels (orders passes, decides nothing). */
  skin: number;
}

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
 * `image` is the displayed image (`width`×`height`) resized to fit LAYOUT_SIDE; boxes come back in 0-1 of it, so
 * they apply to the full-size image unchanged.
 */
export function readLayout(image: RgbaImage, width: number, height: number): Layout {
  const { content, blocks } = findBlocks(image);
  const block = (rect: (typeof blocks)[number]): LayoutBlock => {
    const box = rectToBox(rect, image.width, image.height);
    return { box, aspect: (box.width * width) / (box.height * height), skin: skinShare(image, rect) };
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
