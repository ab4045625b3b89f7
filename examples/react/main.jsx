// <image-guard> in a React SPA. @lit/react turns the custom element into a React component whose events are
// props: React 19 passes properties to custom elements itself, but @lit/react also gives typed event props.
import { createComponent } from '@lit/react';
import { ImageGuardElement } from 'image-guard-kit/element';
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';

const ImageGuard = createComponent({
  tagName: 'image-guard',
  elementClass: ImageGuardElement,
  react: React,
  events: { onVerdict: 'image-guard-verdict', onGuardError: 'image-guard-error' },
});

function UploadForm() {
  const [results, setResults] = useState([]);
  const onVerdict = (event) => {
    const { file, verdict } = event.detail;
    setResults((previous) => [...previous, { name: file.name, rating: verdict.summary.contentRating, hash: verdict.hash }]);
  };
  return (
    <form action="/upload" method="post" encType="multipart/form-data" onSubmit={(event) => event.preventDefault()}>
      <ImageGuard policy="strict" onVerdict={onVerdict} onGuardError={(event) => console.error(event.detail.error)}>
        <input type="file" name="photos" accept="image/*" multiple />
      </ImageGuard>
      <button>Upload</button>
      <ul aria-label="Checked images">
        {results.map((result) => (
          <li key={result.hash} data-hash={result.hash}>
            {result.name}: {result.rating}
          </li>
        ))}
      </ul>
    </form>
  );
}

createRoot(document.getElementById('root')).render(<UploadForm />);
