import { ROLE_NAMES } from '../messages/zh-cn.js';
import type { PeopleError } from './people-service.js';

/** Chinese text for a PeopleError (to move into messages/zh-cn.ts with the error codes). */
export function peopleMessageFor(error: PeopleError): string {
  switch (error.code) {
    case 'invalid_slug':
      return `单位标识“${error.slug}”无效：须为 2–40 个小写字母、数字或连字符，且不以连字符开头或结尾，例如 city-gov。`;
    case 'invalid_name':
      return `名称“${error.name}”无效：须为 1–50 个字符，不能含斜杠或控制字符。`;
    case 'unknown_role':
      return `未知角色“${error.role}”。可用角色：drafter、reviewer、editor、deputy、principal、admin。`;
    case 'no_roles':
      return '至少须指定一个角色，例如 drafter。';
    case 'outsourced_drafter_only':
      return `代运维人员只能拟稿（drafter），不能担任：${error.roles
        .filter((role) => role !== 'drafter')
        .map((role) => ROLE_NAMES[role])
        .join('、')}。`;
    case 'org_exists':
      return `单位标识“${error.slug}”已存在，请换一个标识。`;
    case 'org_not_found':
      return `单位“${error.slug}”不存在，请先用 qianfa org add 创建。`;
    case 'person_exists':
      return `单位“${error.org}”已有名为“${error.name}”的人员；如需新令牌，请用 qianfa user token。`;
    case 'person_not_found':
      return `单位“${error.org}”中没有名为“${error.name}”的人员。`;
  }
}
