/**
 * Files that need the Bearer header, downloaded with fetch into a Blob, then
 * saved or opened through an object URL. (Uploads: `uploads.ts`.)
 */
import { fetchBlob } from "./api";

/** Downloads `path` and saves it under `fileName`. */
export async function downloadFile(
  path: string,
  fileName: string,
): Promise<void> {
  const blob = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens `path` in a new tab. The tab is opened before the download starts,
 * while the click still counts as the user's, so no popup blocker stops it.
 */
export async function openFile(path: string): Promise<void> {
  const tab = window.open("", "_blank");
  try {
    const blob = await fetchBlob(path);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
