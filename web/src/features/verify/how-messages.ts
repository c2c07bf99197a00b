import { defineMessages } from '../../lib/i18n';

/** "如何自行核验": the steps anyone can repeat without trusting this page. */
export const howMessages = defineMessages(
  {
    title: '如何自行核验',
    intro: '不必相信本页面：以下每一步都只用公开的信息和常见的命令行工具，可以在自己的电脑上重复。',
    keyStep: '取得透明日志的公钥（验证密钥）。请与市职鉴中心公布的公钥比对一致：',
    checkpointStep: '取得最新的签名检查点（日志的大小和根哈希，带 Ed25519 签名）：',
    proofStep: '取得本回执最近一次记录的包含证明（叶子内容、叶子序号和证明路径）：',
    pdfStep: '核验回执 PDF 的电子签章（Poppler 的 pdfsig），应看到 “Signature is Valid” 和 “Total document signed”：',
    certStep: '下载上面的签名证书，计算它的 SHA-256 指纹，应与本页显示的指纹一致：',
    proofCheck:
      '用包含证明按 RFC 9162 §2.1.3.2 从叶子哈希（SHA-256(0x00 ‖ 叶子内容)）逐级算到根，应等于检查点第 3 行的根哈希；再用第 1 步的公钥核对检查点的签名（C2SP signed note，Ed25519）。任何一步不符，都说明记录被改动过。',
    leafNote: '叶子内容是 base64 编码的 JSON，解码后可以看到登记的机构、职业、等级、日期和状态。',
    copy: '复制',
    copyLabel: '复制第 {n} 步的命令',
    copied: '已复制',
    copyFailed: '无法复制，请手动选择命令',
    /** the receipt's file name as the server sends it (Content-Disposition), in every language */
    pdfFile: '备案回执-{no}.pdf',
  },
  {
    title: 'How to verify it yourself',
    intro: 'You need not trust this page: every step below uses public information and common command-line tools, and can be repeated on your own computer.',
    keyStep: "Fetch the transparency log's public (verifier) key, and compare it with the key the Centre publishes:",
    checkpointStep: "Fetch the latest signed checkpoint (the log's size and root hash, signed with Ed25519):",
    proofStep: "Fetch the inclusion proof of this receipt's latest entry (leaf, leaf index and proof path):",
    pdfStep: 'Check the signature of the receipt PDF with pdfsig (Poppler); expect "Signature is Valid" and "Total document signed":',
    certStep: 'Download the signing certificate above and compute its SHA-256 fingerprint; it must equal the one shown here:',
    proofCheck:
      "Using the inclusion proof, hash from the leaf (SHA-256(0x00 ‖ leaf bytes)) up to the root as RFC 9162 §2.1.3.2 describes; the result must equal the root hash on line 3 of the checkpoint. Then check the checkpoint's signature (a C2SP signed note, Ed25519) with the key from step 1. Any mismatch means the records were altered.",
    leafNote: 'The leaf is base64-encoded JSON: decoded, it shows the organisation, occupation, levels, dates and status recorded.',
    copy: 'Copy',
    copyLabel: 'Copy the command of step {n}',
    copied: 'Copied',
    copyFailed: 'Cannot copy; please select the command',
  },
);
