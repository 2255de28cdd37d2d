# Embeddings of a query and of three documents, for ranking by similarity.
flow "search" {
  package     = "main"
  description = "Search embeds a query and three documents."
}

variable "query" {
  default = "how do I run a flow without network access?"
}

agent "embedder" {
  type     = "embed"
  provider = "gemini"
  params   = { dimensions = 256 }
}

task "query" {
  agent = agent.embedder
  input = var.query
}

task "doc_simulation" {
  agent = agent.embedder
  input = "With simulation on, no network is used and no key is needed."
}

task "doc_retries" {
  agent = agent.embedder
  input = "Provider faults such as 429 and 5xx are retried with exponential backoff."
}

task "doc_graph" {
  agent = agent.embedder
  input = "The DOT file is the flow's graph, for Graphviz."
}
