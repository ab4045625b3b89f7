// upng-js ships no types; the tests use its APNG encoder only.
declare module 'upng-js' {
  const UPNG: {
    encode(frames: ArrayBuffer[], width: number, height: number, colours: number, delays?: number[]): ArrayBuffer;
  };
  export default UPNG;
}
