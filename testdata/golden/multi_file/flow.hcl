# One flow in two files: this file declares the flow and its agents;
# tasks.hcl declares the tasks.
flow "multi" {
  description = "A flow split over two files."
}

agent "llm" {
  type     = "text"
  provider = "ollama"
  model    = "llama3.2"
}
