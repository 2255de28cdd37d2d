# One document's flow, run over many documents with RunAll: main.go reads
# them as JSON lines and writes one JSON line per result as each finishes.
# The agent's limit holds across the whole batch, however many documents
# are in flight.
flow "batch" {
  package     = "main"
  description = "Batch summarises documents and titles each summary: one Run per input line, many at once."
}

variable "text" {
  description = "The document to summarise"
}

agent "writer" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
  base_url = env("OPENAI_BASE_URL")
  mission  = "summarise documents faithfully and briefly"
  limit {
    concurrency         = 8
    requests_per_minute = 30000
  }
}

task "summary" {
  agent = agent.writer
  input = "Summarise in two sentences: ${var.text}"
}

task "title" {
  agent = agent.writer
  input = "Write a title of at most eight words for this summary: ${task.summary.output}"
}
