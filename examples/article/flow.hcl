# An article written section by section in parallel, then joined: one
# call per section with for_each, and a summary only for long articles.
flow "article" {
  package     = "main"
  description = "Article writes every section of an article in parallel and joins them."
}

variable "topic" {
  default     = "the deep sea"
  description = "What the article is about"
}

variable "sections" {
  type        = list(string)
  default     = ["Into the dark", "Life under pressure", "Food from above", "What we do not know"]
  description = "The article's outline: one section title each"
}

agent "writer" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
}

agent "editor" {
  type     = "text"
  provider = "openai"
  model    = "gpt-4o-mini"
}

task "section" {
  agent       = agent.writer
  for_each    = var.sections
  concurrency = 4
  input       = "Write section ${each.index} of an article about ${var.topic}, titled \"${each.value}\". The whole outline: ${join("; ", var.sections)}."
}

task "article" {
  agent = agent.editor
  input = "Join these sections into one article about ${var.topic}, smoothing the transitions:\n\n${join("\n\n", task.section.output)}"
}

task "summary" {
  agent = agent.editor
  when  = length(var.sections) > 3
  input = "Summarize this article in two sentences:\n\n${task.article.output}"
}
