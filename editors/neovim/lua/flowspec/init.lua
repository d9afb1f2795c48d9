-- Flowspec for Neovim: starts `flowspec lsp` for .flow buffers.
-- Works on Neovim 0.7 (vim.lsp.start_client) and on current releases
-- (vim.lsp.start).
--
--   require('flowspec').setup({
--     cmd = { 'flowspec', 'lsp' },            -- the server
--     settings = { diagnostics = { ['unanswered-volume'] = 'off' } },
--   })
local M = {}

local defaults = {
  cmd = { 'flowspec', 'lsp' },
  settings = {},
  root_markers = { '.git' },
}

--- The folder a design belongs to: the nearest parent holding one of the
--- root markers (folders such as `.git`), else the file's own folder.
local function root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local hit = vim.fn.finddir(marker, dir .. ';')
    if hit ~= '' then
      return vim.fn.fnamemodify(hit, ':p:h:h')
    end
  end
  return dir
end

local clients = {} -- root → client id (Neovim 0.7)

local function attach(buf, opts)
  local path = vim.api.nvim_buf_get_name(buf)
  local root = opts.root_dir or root_dir(path, opts.root_markers)
  local config = {
    name = 'flowspec',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    settings = { flowspec = opts.settings },
    init_options = opts.settings,
    on_attach = opts.on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = buf })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
  end
end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', defaults, user or {})
  local group = vim.api.nvim_create_augroup('flowspec', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'flow',
    callback = function(args)
      attach(args.buf, opts)
    end,
  })
  -- Buffers already open when setup runs.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'flow' then
      attach(buf, opts)
    end
  end
end

return M
