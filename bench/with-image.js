// The one step every baseline page shares: the picked file put in an <img> and decoded, as the raw libraries'
// READMEs have it, then the object URL released.
export async function withImage(file, use) {
  const img = new Image();
  const url = URL.createObjectURL(file);
  try {
    img.src = url;
    await img.decode();
    return await use(img);
  } finally {
    URL.revokeObjectURL(url);
  }
}
