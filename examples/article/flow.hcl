# An article outlined as typed sections, each written in parallel, then
# joined: one call per section of the outline with for_each, and a
# summary only for long articles.
flow "article" {
  package     = "main"
  description = "Article writes every section of an article in parallel and joins them."
}

variable "topic" {
  default     = "the deep sea"
  description = "What the article is about"
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

task "outline" {
  agent  = agent.editor
  input  = "Outline an article about ${var.topic}: a title and the points to cover for each section."
  output = object({ sections = list(object({ title = string, points = list(string) })) })
}

task "section" {
  agent       = agent.writer
  for_each    = task.outline.output.sections
  concurrency = 4
  input       = "Write section ${each.index} of an article about ${var.topic}, titled \"${each.value.title}\", covering:\n${join("\n", each.value.points)}"
}

task "article" {
  agent = agent.editor
  input = "Join these sections into one article about ${var.topic}, smoothing the transitions:\n\n${join("\n\n", task.section.output)}"
}

task "summary" {
  agent = agent.editor
  when  = length(task.outline.output.sections) > 2
  input = "Summarize this article in two sentences:\n\n${task.article.output}"
}
