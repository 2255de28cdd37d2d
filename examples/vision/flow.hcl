# An image model paints a picture; a vision model describes it.
flow "vision" {
  package     = "main"
  description = "Vision paints a picture of a subject and describes it."
}

variable "subject" {
  default     = "a lighthouse at dawn"
  description = "What to paint"
}

agent "painter" {
  type     = "image"
  provider = "openai"
  model    = "gpt-image-1"
  params   = { size = "1024x1024", quality = "low" }
}

agent "describer" {
  type     = "vision"
  provider = "anthropic"
  mission  = "describe images for people who cannot see them"
  params   = { max_tokens = 200 }
}

task "picture" {
  agent = agent.painter
  input = "A watercolour of ${var.subject}"
}

task "caption" {
  agent = agent.describer
  input = "Describe this picture in one sentence."
  after = [task.picture]
}
