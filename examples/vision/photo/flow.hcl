# A vision model describes the user's own picture: an image variable
# attached to a vision task.
flow "photo" {
  description = "Photo describes a picture the user gives."
}

variable "photo" {
  type        = image
  description = "The picture to describe"
}

agent "describer" {
  type     = "vision"
  provider = "anthropic"
  mission  = "describe images for people who cannot see them"
  params   = { max_tokens = 200 }
}

task "caption" {
  agent  = agent.describer
  input  = "Describe this picture in one sentence."
  attach = [var.photo]
}
