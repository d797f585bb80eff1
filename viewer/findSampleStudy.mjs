// With a real PACS we do not know the sample study's UID in advance: ask the PACS (QIDO-RS) for it.
import http from 'node:http';
import https from 'node:https';

const STUDY_INSTANCE_UID = '0020000D';

/** UID of the newest study whose PatientName contains SYNTHETIC, or null (PACS down, no such study). */
export function findSampleStudyOnPacs(pacsUrl, { timeoutMs = 3000 } = {}) {
  const client = pacsUrl.protocol === 'https:' ? https : http;
  const target = new URL(`${pacsUrl.href.replace(/\/$/, '')}/studies?PatientName=*SYNTHETIC*&limit=1`);
  return new Promise((resolve) => {
    const req = client.get(target, { headers: { Accept: 'application/dicom+json' }, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const studies = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve(studies?.[0]?.[STUDY_INSTANCE_UID]?.Value?.[0] ?? null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}
