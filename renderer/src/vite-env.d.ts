// Vite's client types (import.meta.glob for the message catalog).
/// <reference types="vite/client" />
