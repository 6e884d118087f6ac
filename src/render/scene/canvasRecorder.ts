/** The stage's canvas captured as video (the Record button): a WebM of the frames drawn. */
export class CanvasRecorder {
  private recorder: MediaRecorder | null = null
  private chunks: Blob[] = []

  /** Starts capturing at 30 frames a second; false where the browser cannot record a canvas. */
  start(canvas: HTMLCanvasElement): boolean {
    if (typeof MediaRecorder === 'undefined' || !('captureStream' in canvas)) return false
    const stream = canvas.captureStream(30)
    const type = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t))
    if (!type) return false
    this.recorder = new MediaRecorder(stream, { mimeType: type })
    const chunks: Blob[] = []
    this.chunks = chunks
    this.recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data) }
    this.recorder.start(250)
    return true
  }

  /** Stops, and resolves with the video (null: nothing was recorded). */
  stop(): Promise<Blob | null> {
    const rec = this.recorder
    this.recorder = null
    if (!rec) return Promise.resolve(null)
    const chunks = this.chunks
    return new Promise((resolve) => {
      rec.onstop = () => resolve(chunks.length ? new Blob(chunks, { type: 'video/webm' }) : null)
      rec.stop()
    })
  }
}
