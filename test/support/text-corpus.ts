/**
 * Text images with known content, for the OCR browser tests and `npm run bench:ocr`. Runs in the page (it draws
 * with OffscreenCanvas); served by the Vite dev server. Each case is one way real uploads differ from a clean scan.
 */
export interface TextCase {
  name: string;
  /** What a person reads in the image. */
  reference: string;
  blob: Blob;
}

interface Draw {
  width: number;
  height: number;
  background: (context: OffscreenCanvasRenderingContext2D, width: number, height: number) => void;
  lines: string[];
  font: string;
  color: string;
  lineHeight: number;
  /** Whole-image rotation in degrees, clockwise. */
  rotate?: number;
}

async function draw(spec: Draw): Promise<Blob> {
  const turned = spec.rotate === 90 || spec.rotate === 270;
  const canvas = new OffscreenCanvas(turned ? spec.height : spec.width, turned ? spec.width : spec.height);
  const context = canvas.getContext('2d')!;
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate(((spec.rotate ?? 0) * Math.PI) / 180);
  context.translate(-spec.width / 2, -spec.height / 2);
  spec.background(context, spec.width, spec.height);
  context.fillStyle = spec.color;
  context.font = spec.font;
  context.textBaseline = 'middle';
  const top = spec.height / 2 - ((spec.lines.length - 1) * spec.lineHeight) / 2;
  spec.lines.forEach((line, index) => context.fillText(line, 24, top + index * spec.lineHeight));
  return canvas.convertToBlob({ type: 'image/png' });
}

const fill = (color: string) => (context: OffscreenCanvasRenderingContext2D, width: number, height: number) => {
  context.fillStyle = color;
  context.fillRect(0, 0, width, height);
};

const none = () => {};

/** A rainbow gradient with stripes and circles: text on it has no single background level. */
function busy(context: OffscreenCanvasRenderingContext2D, width: number, height: number): void {
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#f6d365');
  gradient.addColorStop(0.5, '#5ee7df');
  gradient.addColorStop(1, '#b490ca');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 40; i++) {
    context.fillStyle = `hsla(${Math.floor(random() * 360)}, 70%, 60%, 0.45)`;
    context.beginPath();
    context.arc(random() * width, random() * height, 10 + random() * 60, 0, Math.PI * 2);
    context.fill();
  }
}

/** Paper in uneven light: dark at one end, bright at the other, so one global threshold loses one end. */
function shadow(context: OffscreenCanvasRenderingContext2D, width: number, height: number): void {
  const gradient = context.createLinearGradient(0, 0, width, 0);
  gradient.addColorStop(0, '#4a4a4a');
  gradient.addColorStop(1, '#f8f8f8');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
}

const paragraph = [
  'The quick brown fox jumps over the lazy dog.',
  'Please keep this door closed at all times.',
  'Deliveries are accepted from nine to five.',
  'Thank you for shopping with us today.',
];

/** The drawn cases: fonts, sizes, colours, backgrounds, rotations, transparency. */
export async function drawnCases(): Promise<TextCase[]> {
  const specs: [string, Draw][] = [
    ['plain serif', { width: 900, height: 120, background: fill('#fff'), lines: ['Fresh bread baked daily'], font: '56px serif', color: '#111', lineHeight: 60 }],
    ['small crop', { width: 260, height: 40, background: fill('#fff'), lines: ['Open Monday to Friday'], font: '15px sans-serif', color: '#222', lineHeight: 18 }],
    ['low contrast', { width: 900, height: 140, background: fill('#b4b4b4'), lines: ['Parking for customers only'], font: 'bold 52px sans-serif', color: '#9a9a9a', lineHeight: 60 }],
    ['light on dark', { width: 900, height: 200, background: fill('#14213d'), lines: ['Night sale', 'Everything half price'], font: '60px sans-serif', color: '#f5f5f5', lineHeight: 76 }],
    ['busy background', { width: 1000, height: 220, background: busy, lines: ['Summer music festival', 'Tickets at the gate'], font: 'bold 64px sans-serif', color: '#1b1b1b', lineHeight: 84 }],
    ['shadow gradient', { width: 1000, height: 160, background: shadow, lines: ['Handmade candles and soap'], font: 'bold 58px serif', color: '#161616', lineHeight: 60 }],
    ['colour monospace', { width: 1000, height: 160, background: fill('#ffe94d'), lines: ['Call 555 0142 for a quote'], font: '54px monospace', color: '#c1121f', lineHeight: 60 }],
    ['white alpha only', { width: 900, height: 140, background: none, lines: ['Meet the new team'], font: 'bold 64px sans-serif', color: '#ffffff', lineHeight: 60 }],
    ['black alpha only', { width: 900, height: 140, background: none, lines: ['Members area'], font: 'bold 64px sans-serif', color: '#000000', lineHeight: 60 }],
    ['page rotated 90', { width: 1100, height: 360, background: fill('#fff'), lines: paragraph, font: '36px serif', color: '#111', lineHeight: 62, rotate: 90 }],
    ['page upside down', { width: 1100, height: 360, background: fill('#fbfbf5'), lines: paragraph, font: '36px sans-serif', color: '#222', lineHeight: 62, rotate: 180 }],
  ];
  return Promise.all(
    specs.map(async ([name, spec]) => ({ name, reference: spec.lines.join('\n'), blob: await draw(spec) })),
  );
}

/** Real text images shipped in an installed npm package (face-api's demo screenshots), cropped to their text. */
export async function packagedCases(): Promise<TextCase[]> {
  const crop = async (file: string, x: number, y: number, width: number, height: number) => {
    const bitmap = await createImageBitmap(await (await fetch(`/node_modules/@vladmandic/face-api/demo/${file}`)).blob());
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')!.drawImage(bitmap, x, y, width, height, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/png' });
  };
  return [
    {
      name: 'console header',
      reference: 'FaceAPI Test\nTensorFlow/JS Version: 2.3.0 Backend webgl',
      blob: await crop('screenshot-images.png', 0, 0, 560, 36),
    },
    {
      name: 'console footer',
      reference: 'FaceAPI WebCam Test\nVersion: FaceAPI 1.0.2 TensorFlow/JS 3.3.0 Backend: webgl\nModels loaded: 419 tensors',
      blob: await crop('screenshot-webcam.png', 0, 1100, 520, 66),
    },
    {
      name: 'overlay on photo',
      reference: 'GENDER: 96% MALE\nEXPRESSION: 92% NEUTRAL\nAGE: 45 YEARS',
      blob: await crop('screenshot-webcam.png', 318, 106, 260, 60),
    },
  ];
}

/** Character error rate: edit distance over the reference length, whitespace runs counted as one space. */
export function characterErrorRate(reference: string, read: string): number {
  const a = [...reference.replace(/\s+/g, ' ').trim()];
  const b = [...read.replace(/\s+/g, ' ').trim()];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]! / Math.max(1, a.length);
}
