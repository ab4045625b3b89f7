/**
 * Test images made in the browser (OffscreenCanvas): crops of the face-api demo photos, a crowd made of them, and
 * drawn faces. Imported by the browser tests (inside the page) and the faces bench, so both see the same pixels.
 */

export const samplePhotoUrl = (n: number): string => `/node_modules/@vladmandic/face-api/demo/sample${n}.jpg`;

/** People per demo photo, counted by eye: 22 in all, every one an adult woman. */
export const samplePeople: Readonly<Record<number, number>> = { 1: 3, 2: 3, 3: 3, 4: 4, 5: 5, 6: 4 };

export const catPhotoUrl = '/node_modules/cat-picture/cat.jpg';

/** A dog on grass (dog-picture's dog.jpg): a second animal, so "cat" is not the only label the detector knows. */
export const dogPhotoUrl = '/node_modules/dog-picture/dog.jpg';

/** The cat's head in cat.jpg (800×1042), measured by eye: centre and side of a square around it. */
export const catHead = { centerX: 515, centerY: 322, side: 240 };

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function loadBitmap(url: string): Promise<ImageBitmap> {
  const response = await fetch(url);
  return createImageBitmap(await response.blob());
}

/** The classic mandrill test image, shipped by baboon-image-uri as a data URL inside a CommonJS module. */
export async function mandrillBitmap(): Promise<ImageBitmap> {
  const source = await (await fetch('/node_modules/baboon-image-uri/baboon.js')).text();
  const dataUrl = /data:image\/png;base64,[A-Za-z0-9+/=]+/.exec(source)?.[0];
  if (!dataUrl) throw new Error('baboon-image-uri changed: no data URL found');
  return loadBitmap(dataUrl);
}

/**
 * A square crop `size` px wide around a box: `pad` 1 is the box's longer side (a face filling the frame), 1.6 a
 * typical profile photo (head and some hair). Outside the source is grey.
 */
export function squareCrop(source: CanvasImageSource & { width: number; height: number }, box: PixelBox, size: number, pad: number): OffscreenCanvas {
  const side = Math.max(box.width, box.height) * pad;
  const centerX = box.x + box.width / 2;
  const centerY = box.y + box.height / 2;
  const canvas = new OffscreenCanvas(size, size);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#808080';
  context.fillRect(0, 0, size, size);
  context.drawImage(source, centerX - side / 2, centerY - side / 2, side, side, 0, 0, size, size);
  return canvas;
}

/** The six demo photos tiled `columns` wide in a 1920 px wide picture: a crowd of 22 small faces. */
export async function crowd(columns: number): Promise<OffscreenCanvas> {
  const photos = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => loadBitmap(samplePhotoUrl(n))));
  const cellWidth = 1920 / columns;
  const cellHeight = cellWidth * 0.72;
  const canvas = new OffscreenCanvas(1920, Math.round(cellHeight * Math.ceil(photos.length / columns)));
  const context = canvas.getContext('2d')!;
  photos.forEach((photo, index) => {
    const x = (index % columns) * cellWidth;
    const y = Math.floor(index / columns) * cellHeight;
    context.drawImage(photo, 0, 0, photo.width, photo.width * 0.72, x, y, cellWidth, cellHeight);
  });
  return canvas;
}

/** A drawn face with skin, hair, eyes with pupils, brows, a nose and red lips: what the tiny detector takes for a person. */
export function cartoonFace(size: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size, size);
  const g = canvas.getContext('2d')!;
  const s = size / 200;
  const ellipse = (x: number, y: number, rx: number, ry: number, fill: string) => {
    g.fillStyle = fill;
    g.beginPath();
    g.ellipse(x * s, y * s, rx * s, ry * s, 0, 0, Math.PI * 2);
    g.fill();
  };
  g.fillStyle = '#bbddee';
  g.fillRect(0, 0, size, size);
  ellipse(100, 85, 72, 78, '#5a3210');
  ellipse(100, 105, 58, 72, '#f3c9a0');
  for (const x of [75, 125]) {
    ellipse(x, 95, 14, 9, '#ffffff');
    ellipse(x, 95, 6, 6, '#333333');
    g.strokeStyle = '#5a3210';
    g.lineWidth = 4 * s;
    g.beginPath();
    g.moveTo((x - 15) * s, 78 * s);
    g.lineTo((x + 15) * s, 76 * s);
    g.stroke();
  }
  g.strokeStyle = '#b07050';
  g.lineWidth = 3 * s;
  g.beginPath();
  g.moveTo(100 * s, 100 * s);
  g.lineTo(94 * s, 125 * s);
  g.lineTo(104 * s, 127 * s);
  g.stroke();
  ellipse(100, 148, 20, 8, '#cc3333');
  return canvas;
}

/** A yellow smiley: two dots and an arc. */
export function smiley(size: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size, size);
  const g = canvas.getContext('2d')!;
  const s = size / 200;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, size, size);
  g.fillStyle = '#ffdd22';
  g.beginPath();
  g.arc(100 * s, 100 * s, 80 * s, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#000000';
  for (const x of [70, 130]) {
    g.beginPath();
    g.arc(x * s, 80 * s, 10 * s, 0, Math.PI * 2);
    g.fill();
  }
  g.lineWidth = 8 * s;
  g.beginPath();
  g.arc(100 * s, 105 * s, 45 * s, 0.2, Math.PI - 0.2);
  g.stroke();
  return canvas;
}

/** A canvas as the PNG bytes a person would upload. */
export function png(canvas: OffscreenCanvas): Promise<Blob> {
  return canvas.convertToBlob({ type: 'image/png' });
}

/** A canvas as a JPEG, as a phone or a crop tool saves a photo. */
export function jpeg(canvas: OffscreenCanvas): Promise<Blob> {
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}
