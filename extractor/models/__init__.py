"""Model sources (embedded, Hugging Face id, local folder or .gguf) and loading."""
